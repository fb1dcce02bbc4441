"""What the demo province sells: categories, products with their units, prices and seasons.

Prices are whole đồng per unit of sale, in the ranges a Hưng Yên wholesaler would quote in 2026.
"""

from __future__ import annotations

from typing import NamedTuple


class Product(NamedTuple):
    name: str
    unit: str
    low: int  # đồng per unit
    high: int
    moq: tuple[int, ...] = (1,)
    season: tuple[int, int] | None = None  # months, inclusive
    category: str | None = None  # a more precise category than the group's, by slug


class Group(NamedTuple):
    """A group of related products and what is usual for them."""

    kind: str  # fresh | food | ocop | industrial | craft | service (chooses texts, certificates)
    variants: tuple[str, ...]
    products: tuple[Product, ...]
    contact: float = 0.05  # share of "liên hệ" (price on request)
    category: str = ""  # slug of the category its products are listed in (unless they say)


P = Product

# (slug, parent slug, name_vi, name_en): the categories of the shipped taxonomy seed
# (trading_floor/catalog/taxonomy.py) that the demo lists in; looked up by slug at run time and
# created only where absent, so the demo also runs on a floor without the seed
CATEGORIES: list[tuple[str, str | None, str, str]] = [
    ("nong-san", None, "Nông sản", "Agricultural products"),
    ("trai-cay", "nong-san", "Trái cây", "Fruit"),
    ("nhan", "trai-cay", "Nhãn", "Longan"),
    ("vai", "trai-cay", "Vải", "Lychee"),
    ("chuoi", "trai-cay", "Chuối", "Banana"),
    ("cam-buoi", "trai-cay", "Cam, bưởi", "Oranges and pomelos"),
    ("trai-cay-khac", "trai-cay", "Trái cây khác", "Other fruit"),
    ("rau-cu", "nong-san", "Rau, củ", "Vegetables"),
    ("rau-an-la", "rau-cu", "Rau ăn lá", "Leafy vegetables"),
    ("cu-qua", "rau-cu", "Củ, quả", "Roots and fruiting vegetables"),
    ("rau-gia-vi", "rau-cu", "Rau gia vị", "Herbs"),
    ("lua-gao-ngu-coc", "nong-san", "Lúa gạo, ngũ cốc", "Rice and cereals"),
    ("gao", "lua-gao-ngu-coc", "Gạo", "Rice"),
    ("ngo-dau", "lua-gao-ngu-coc", "Ngô, đậu", "Maize and beans"),
    ("chan-nuoi", "nong-san", "Chăn nuôi", "Livestock and poultry"),
    ("gia-cam", "chan-nuoi", "Gia cầm", "Poultry"),
    ("gia-suc", "chan-nuoi", "Gia súc", "Livestock"),
    ("trung", "chan-nuoi", "Trứng", "Eggs"),
    ("thuy-san", "nong-san", "Thủy sản", "Fish and seafood"),
    ("ca-nuoc-ngot", "thuy-san", "Cá nước ngọt", "Freshwater fish"),
    ("tom-cua", "thuy-san", "Tôm, cua", "Shrimp and crab"),
    ("cay-giong-hoa", "nong-san", "Cây giống, hoa, cây cảnh", "Seedlings, flowers, ornamentals"),
    ("duoc-lieu", "nong-san", "Dược liệu", "Medicinal herbs"),
    ("thuc-pham-che-bien", None, "Thực phẩm chế biến", "Processed food"),
    ("gia-vi-nuoc-cham", "thuc-pham-che-bien", "Gia vị, nước chấm", "Condiments and sauces"),
    ("tuong", "gia-vi-nuoc-cham", "Tương", "Fermented soybean sauce"),
    ("nuoc-mam", "gia-vi-nuoc-cham", "Nước mắm", "Fish sauce"),
    ("banh-keo", "thuc-pham-che-bien", "Bánh, kẹo", "Cakes and sweets"),
    ("banh-cuon-banh-gao", "banh-keo", "Bánh cuốn, bánh gạo", "Rice cakes"),
    ("keo-mut", "banh-keo", "Kẹo, mứt", "Sweets and candied fruit"),
    ("thit-che-bien", "thuc-pham-che-bien", "Thịt chế biến", "Processed meat"),
    ("cha-gio-lua", "thit-che-bien", "Chả, giò lụa", "Pork rolls and patties"),
    ("lap-xuong-thit-kho", "thit-che-bien", "Lạp xưởng, thịt khô", "Sausage and dried meat"),
    ("trai-cay-say", "thuc-pham-che-bien", "Trái cây sấy, long nhãn", "Dried fruit and dried longan"),
    ("do-uong", "thuc-pham-che-bien", "Đồ uống", "Beverages"),
    ("ruou", "do-uong", "Rượu", "Liquor"),
    ("tra", "do-uong", "Trà", "Tea"),
    ("nuoc-giai-khat", "do-uong", "Nước giải khát", "Soft drinks"),
    ("bun-mien-pho", "thuc-pham-che-bien", "Bún, miến, phở khô", "Dried noodles"),
    ("ocop-dac-san", None, "OCOP, đặc sản", "OCOP and local specialities"),
    ("ocop-thuc-pham", "ocop-dac-san", "OCOP thực phẩm", "OCOP food"),
    ("ocop-do-uong", "ocop-dac-san", "OCOP đồ uống", "OCOP beverages"),
    ("ocop-thao-duoc", "ocop-dac-san", "OCOP thảo dược", "OCOP herbal products"),
    ("ocop-thu-cong", "ocop-dac-san", "OCOP thủ công, lưu niệm", "OCOP handicrafts and souvenirs"),
    ("dac-san-hung-yen", "ocop-dac-san", "Đặc sản Hưng Yên", "Hưng Yên specialities"),
    ("det-may", None, "Dệt may", "Textiles and garments"),
    ("vai-soi", "det-may", "Vải, sợi", "Fabric and yarn"),
    ("quan-ao", "det-may", "Quần áo", "Clothing"),
    ("dong-phuc-bao-ho", "quan-ao", "Đồng phục, bảo hộ lao động", "Uniforms and workwear"),
    ("thoi-trang", "quan-ao", "Thời trang", "Fashion"),
    ("da-giay", None, "Da giày", "Leather and footwear"),
    ("giay-dep", "da-giay", "Giày, dép", "Footwear"),
    ("tui-vi", "da-giay", "Túi, ví", "Bags and wallets"),
    ("do-go-noi-that", None, "Đồ gỗ, nội thất", "Wood products and furniture"),
    ("noi-that-gia-dinh", "do-go-noi-that", "Nội thất gia đình", "Home furniture"),
    ("noi-that-van-phong", "do-go-noi-that", "Nội thất văn phòng", "Office furniture"),
    ("go-my-nghe", "do-go-noi-that", "Gỗ mỹ nghệ", "Fine woodwork"),
    ("van-go", "do-go-noi-that", "Ván, gỗ xẻ", "Boards and sawn timber"),
    ("vat-lieu-xay-dung", None, "Vật liệu xây dựng", "Building materials"),
    ("gach-ngoi", "vat-lieu-xay-dung", "Gạch, ngói", "Bricks and tiles"),
    ("xi-mang-be-tong", "vat-lieu-xay-dung", "Xi măng, bê tông", "Cement and concrete"),
    ("thep-xay-dung", "vat-lieu-xay-dung", "Thép xây dựng", "Construction steel"),
    ("cat-da", "vat-lieu-xay-dung", "Cát, đá, sỏi", "Sand, stone and gravel"),
    ("co-khi", None, "Cơ khí", "Engineering and metalwork"),
    ("may-nong-nghiep", "co-khi", "Máy nông nghiệp", "Agricultural machinery"),
    ("gia-cong-kim-loai", "co-khi", "Gia công kim loại", "Metalworking services"),
    ("khung-nha-thep", "co-khi", "Khung nhà thép, kết cấu", "Steel structures"),
    ("phu-tung-linh-kien", "co-khi", "Phụ tùng, linh kiện", "Spare parts and components"),
    ("dien-dien-tu", None, "Điện – điện tử", "Electrical and electronics"),
    ("day-cap-dien", "dien-dien-tu", "Dây, cáp điện", "Wires and cables"),
    ("thiet-bi-dien", "dien-dien-tu", "Thiết bị điện", "Electrical equipment"),
    ("den-chieu-sang", "dien-dien-tu", "Đèn chiếu sáng", "Lighting"),
    ("linh-kien-dien-tu", "dien-dien-tu", "Linh kiện điện tử", "Electronic components"),
    ("hoa-chat-nhua", None, "Hoá chất – nhựa", "Chemicals and plastics"),
    ("san-pham-nhua", "hoa-chat-nhua", "Sản phẩm nhựa", "Plastic products"),
    ("phan-bon-thuoc-bvtv", "hoa-chat-nhua", "Phân bón, thuốc BVTV", "Fertilisers and crop protection"),
    ("chat-tay-rua", "hoa-chat-nhua", "Chất tẩy rửa", "Detergents"),
    ("bao-bi-in-an", None, "Bao bì – in ấn", "Packaging and printing"),
    ("bao-bi-giay", "bao-bi-in-an", "Bao bì giấy, thùng carton", "Paper packaging and cartons"),
    ("bao-bi-nhua", "bao-bi-in-an", "Bao bì nhựa, túi", "Plastic packaging and bags"),
    ("in-an", "bao-bi-in-an", "In ấn, tem nhãn", "Printing and labels"),
    ("thu-cong-my-nghe", None, "Thủ công mỹ nghệ", "Handicrafts"),
    ("may-tre-dan", "thu-cong-my-nghe", "Mây tre đan", "Rattan and bamboo"),
    ("theu-ren", "thu-cong-my-nghe", "Thêu, ren", "Embroidery and lace"),
    ("dich-vu", None, "Dịch vụ", "Services"),
    ("van-tai-logistics", "dich-vu", "Vận tải, logistics", "Transport and logistics"),
    ("kho-bai", "dich-vu", "Kho bãi", "Warehousing"),
    ("xay-dung-lap-dat", "dich-vu", "Xây dựng, lắp đặt", "Construction and installation"),
    ("du-lich-an-uong", "dich-vu", "Du lịch, ăn uống", "Tourism and catering"),
    ("tu-van-dao-tao", "dich-vu", "Tư vấn, đào tạo", "Consulting and training"),
]

FRUIT_VARIANTS = ("loại 1", "loại đặc biệt", "hàng tuyển", "quả to", "đóng thùng xốp", "", "")
FOOD_VARIANTS = ("", "", "hộp 500 g", "gói 1 kg", "thùng 24 hộp", "loại đặc biệt", "truyền thống")

GROUPS: dict[str, Group] = {
    "trai-cay": Group("fresh", FRUIT_VARIANTS, (
        P("Nhãn lồng Hưng Yên", "kg", 35_000, 80_000, (10, 20, 50, 100), (7, 8), category="nhan"),
        P("Nhãn lồng Phố Hiến", "tấn", 35_000_000, 70_000_000, (1, 2), (7, 8), category="nhan"),
        P("Nhãn muộn Hương Chi", "kg", 25_000, 45_000, (20, 50, 100), (8, 9), category="nhan"),
        P("Vải lai chín sớm Phù Cừ", "kg", 25_000, 45_000, (20, 50), (5, 6), category="vai"),
        P("Chuối tiêu hồng Khoái Châu", "kg", 12_000, 22_000, (50, 100, 200), category="chuoi"),
        P("Cam đường canh", "kg", 20_000, 35_000, (20, 50), (10, 12), category="cam-buoi"),
        P("Cam Hưng Yên", "kg", 25_000, 40_000, (20, 50), (10, 12), category="cam-buoi"),
        P("Bưởi Diễn", "quả", 30_000, 60_000, (50, 100), (9, 12), category="cam-buoi"),
        P("Ổi lê Đài Loan", "kg", 15_000, 25_000, (20, 50)),
        P("Táo lê Đông Tảo", "kg", 18_000, 30_000, (20, 50), (1, 3)),
        P("Dưa hấu Tiên Lữ", "tấn", 6_000_000, 10_000_000, (1, 2, 5), (4, 7)),
        P("Hồng xiêm Xuân Đỉnh", "kg", 25_000, 40_000, (10, 20)),
    ), category="trai-cay-khac"),
    "rau-cu": Group("fresh", ("", "", "rau sạch", "đóng túi 500 g", "hàng chợ đầu mối", "VietGAP"), (
        P("Rau cải ngọt", "kg", 8_000, 15_000, (20, 50, 100), category="rau-an-la"),
        P("Rau muống", "kg", 6_000, 12_000, (20, 50, 100), category="rau-an-la"),
        P("Bắp cải trắng", "kg", 5_000, 10_000, (100, 500), (11, 3), category="rau-an-la"),
        P("Su hào", "kg", 6_000, 12_000, (50, 100), (11, 2)),
        P("Cà chua", "kg", 10_000, 20_000, (20, 50, 100)),
        P("Dưa chuột", "kg", 8_000, 15_000, (20, 50)),
        P("Khoai tây", "tấn", 8_000_000, 14_000_000, (1, 2)),
        P("Hành lá", "kg", 20_000, 35_000, (10, 20), category="rau-gia-vi"),
        P("Ngô nếp", "bắp", 3_000, 6_000, (100, 500)),
        P("Nghệ vàng tươi Khoái Châu", "kg", 12_000, 25_000, (50, 100)),
        P("Tỏi ta", "kg", 40_000, 70_000, (10, 20), category="rau-gia-vi"),
    ), category="cu-qua"),
    "lua-gao": Group("fresh", ("", "", "bao 25 kg", "bao 50 kg", "vụ mới", "xay xát tại chỗ"), (
        P("Gạo tám xoan Thái Bình", "kg", 18_000, 28_000, (50, 100, 500)),
        P("Gạo nếp cái hoa vàng", "kg", 30_000, 45_000, (25, 50, 100)),
        P("Gạo bắc hương", "kg", 16_000, 22_000, (50, 100, 500)),
        P("Gạo BC15", "tấn", 11_000_000, 14_000_000, (1, 5, 10)),
        P("Thóc giống Bắc thơm số 7", "kg", 30_000, 45_000, (50, 100)),
        P("Ngô hạt", "tấn", 6_500_000, 8_000_000, (5, 10, 20), category="ngo-dau"),
        P("Đậu tương", "kg", 18_000, 26_000, (100, 500), category="ngo-dau"),
        P("Lạc nhân", "kg", 45_000, 65_000, (50, 100), category="ngo-dau"),
    ), category="gao"),
    "gia-cam": Group("fresh", ("", "", "nuôi thả vườn", "đã làm sạch", "giao tận nơi"), (
        P("Gà Đông Tảo thương phẩm", "kg", 350_000, 800_000, (5, 10, 20)),
        P("Gà Đông Tảo giống 1 ngày tuổi", "con", 60_000, 120_000, (50, 100)),
        P("Gà Đông Tảo biếu tết", "con", 2_500_000, 6_000_000, (1, 2)),
        P("Gà ri lai", "kg", 90_000, 130_000, (20, 50)),
        P("Vịt bầu", "kg", 60_000, 85_000, (20, 50)),
        P("Trứng gà ta", "quả", 3_000, 4_500, (300, 1000), category="trung"),
        P("Trứng vịt", "quả", 2_800, 4_000, (300, 1000), category="trung"),
        P("Trứng gà Đông Tảo", "quả", 8_000, 15_000, (30, 100), category="trung"),
        P("Chim bồ câu Pháp", "con", 80_000, 130_000, (10, 20)),
    ), category="gia-cam"),
    "gia-suc": Group("fresh", ("", "", "pha lọc theo yêu cầu", "hơi", "móc hàm"), (
        P("Lợn hơi", "kg", 55_000, 68_000, (100, 500)),
        P("Thịt lợn mảnh", "kg", 75_000, 95_000, (50, 100)),
        P("Thịt bò tươi", "kg", 230_000, 300_000, (10, 20)),
        P("Bò giống lai Sind", "con", 15_000_000, 25_000_000, (1, 2)),
        P("Lợn giống", "con", 1_200_000, 2_000_000, (10, 20)),
        P("Dê thịt", "kg", 180_000, 240_000, (10, 20)),
    ), category="gia-suc"),
    "thuy-san": Group("fresh", ("", "", "tươi sống", "ướp đá", "ao nhà"), (
        P("Cá trắm cỏ", "kg", 50_000, 75_000, (20, 50)),
        P("Cá chép", "kg", 45_000, 70_000, (20, 50)),
        P("Cá rô phi", "kg", 35_000, 50_000, (50, 100)),
        P("Tôm càng xanh", "kg", 250_000, 350_000, (5, 10), category="tom-cua"),
        P("Cá giống các loại", "con", 800, 3_000, (1000, 5000)),
        P("Ngao Tiền Hải", "kg", 25_000, 45_000, (50, 100), category="thuy-san"),
        P("Cá khô Thái Bình", "kg", 150_000, 300_000, (5, 10), category="thuy-san"),
    ), category="ca-nuoc-ngot"),
    "cay-giong-hoa-canh": Group("fresh", ("", "", "bầu đất", "cao 1 m", "đã thuần"), (
        P("Cây nhãn giống ghép", "cây", 35_000, 70_000, (50, 100)),
        P("Quất cảnh Văn Giang", "chậu", 300_000, 1_500_000, (5, 10), (12, 1)),
        P("Đào thế Tết", "cây", 500_000, 3_000_000, (2, 5), (12, 1)),
        P("Hoa cúc", "bó", 40_000, 80_000, (20, 50)),
        P("Cây cau vua", "cây", 800_000, 2_500_000, (5, 10)),
        P("Cây bưởi giống", "cây", 30_000, 60_000, (100, 200)),
        P("Hoa hồng cắt cành", "bó", 60_000, 120_000, (20, 50)),
    ), contact=0.1, category="cay-giong-hoa"),
    "thit-cha-che-bien": Group("food", FOOD_VARIANTS, (
        P("Chả gà Tiểu Quan", "kg", 220_000, 320_000, (5, 10)),
        P("Giò lụa", "kg", 160_000, 220_000, (5, 10, 20)),
        P("Giò bò", "kg", 320_000, 420_000, (5, 10)),
        P("Chả quế", "kg", 170_000, 230_000, (5, 10)),
        P("Nem chua", "hộp", 40_000, 80_000, (20, 50)),
        P("Xúc xích lợn", "gói", 35_000, 60_000, (50, 100), category="lap-xuong-thit-kho"),
        P("Ruốc thịt lợn", "hũ", 60_000, 110_000, (20, 50), category="lap-xuong-thit-kho"),
    ), category="cha-gio-lua"),
    "gia-vi-nuoc-cham": Group("food", FOOD_VARIANTS, (
        P("Tương Bần Hưng Yên", "chai", 25_000, 45_000, (24, 48, 100), category="tuong"),
        P("Tương Bần", "thùng", 500_000, 900_000, (2, 5, 10), category="tuong"),
        P("Nước mắm Diêm Điền", "lít", 45_000, 90_000, (20, 50), category="nuoc-mam"),
        P("Mắm tôm", "hũ", 20_000, 40_000, (24, 48), category="nuoc-mam"),
        P("Tinh bột nghệ Khoái Châu", "kg", 350_000, 600_000, (1, 2, 5)),
        P("Giấm gạo", "lít", 15_000, 25_000, (24, 48)),
        P("Muối vừng lạc", "hộp", 20_000, 35_000, (24, 50)),
    ), category="gia-vi-nuoc-cham"),
    "banh-keo-mut": Group("food", FOOD_VARIANTS, (
        P("Bánh cáy Làng Nguyễn", "hộp", 40_000, 80_000, (20, 50, 100)),
        P("Bánh gai", "chiếc", 5_000, 9_000, (100, 200)),
        P("Kẹo lạc", "kg", 70_000, 110_000, (10, 20), category="keo-mut"),
        P("Mứt sen trần", "kg", 250_000, 380_000, (5, 10), (11, 1), category="keo-mut"),
        P("Bánh chưng", "chiếc", 50_000, 90_000, (20, 50)),
        P("Chè lam", "hộp", 30_000, 50_000, (20, 50)),
    ), category="banh-cuon-banh-gao"),
    "do-uong": Group("food", ("", "", "hàng mới sản xuất", "giao tận nơi", "nhãn riêng theo đơn"), (
        P("Nước tinh khiết", "bình", 15_000, 25_000, (20, 50)),
        P("Rượu nếp cái hoa vàng", "lít", 60_000, 120_000, (10, 20), category="ruou"),
        P("Trà sen Hồ Tây ướp hoa", "hộp", 250_000, 600_000, (5, 10), category="tra"),
        P("Nước cốt nhãn", "chai", 45_000, 80_000, (24, 48)),
        P("Sữa chua nếp cẩm", "thùng", 180_000, 280_000, (5, 10)),
        P("Rượu thuốc Mê Linh", "chai", 150_000, 300_000, (6, 12), category="ruou"),
    ), category="nuoc-giai-khat"),
    "nong-san-say-kho": Group("food", FOOD_VARIANTS, (
        P("Long nhãn Hưng Yên sấy khô", "kg", 250_000, 450_000, (5, 10, 20)),
        P("Miến dong", "kg", 50_000, 80_000, (20, 50), category="bun-mien-pho"),
        P("Hạt sen khô", "kg", 220_000, 350_000, (5, 10), category="duoc-lieu"),
        P("Nghệ thái lát sấy", "kg", 90_000, 150_000, (5, 10), category="duoc-lieu"),
        P("Bún khô", "kg", 25_000, 40_000, (50, 100), category="bun-mien-pho"),
        P("Vải sấy khô", "kg", 120_000, 200_000, (10, 20)),
    ), category="trai-cay-say"),
    "ocop-thuc-pham": Group("ocop", ("", "", "hộp quà", "túi hút chân không", "đóng hộp biếu"), (
        P("Long nhãn Hưng Yên OCOP", "kg", 320_000, 550_000, (2, 5, 10)),
        P("Chả gà Tiểu Quan OCOP", "kg", 260_000, 350_000, (3, 5), category="dac-san-hung-yen"),
        P("Tương Bần OCOP", "chai", 35_000, 55_000, (24, 48)),
        P("Mật ong hoa nhãn Văn Giang", "lít", 250_000, 450_000, (2, 5, 10), category="dac-san-hung-yen"),
        P("Gà Đông Tảo ủ muối hoa tiêu", "con", 450_000, 900_000, (2, 5), category="dac-san-hung-yen"),
        P("Bánh cáy Thái Bình OCOP", "hộp", 60_000, 100_000, (20, 50)),
        P("Canh cá Quỳnh Côi", "suất", 35_000, 60_000, (20, 50)),
        P("Ruốc tôm Tiền Hải", "hũ", 90_000, 160_000, (10, 20)),
    ), category="ocop-thuc-pham"),
    "ocop-do-uong-duoc-lieu": Group("ocop", ("", "", "hộp quà", "chai thủy tinh"), (
        P("Trà sen Hồ Tây", "hộp", 450_000, 900_000, (2, 5)),
        P("Trà hoa nhãn", "hộp", 120_000, 220_000, (10, 20)),
        P("Tinh bột nghệ Khoái Châu OCOP", "hũ", 180_000, 320_000, (10, 20), category="ocop-thao-duoc"),
        P("Rượu nếp cái hoa vàng Khoái Châu", "chai", 90_000, 180_000, (6, 12)),
        P("Cao hồng sâm Phố Hiến", "lọ", 350_000, 700_000, (5, 10), category="ocop-thao-duoc"),
        P("Mật ong bạc hà", "lít", 300_000, 500_000, (2, 5)),
    ), category="ocop-do-uong"),
    "ocop-thu-cong": Group("ocop", ("", "", "hàng xuất khẩu", "bộ quà tặng"), (
        P("Chiếu cói Thái Bình OCOP", "đôi", 250_000, 600_000, (5, 10)),
        P("Tranh thêu Minh Lãng", "bức", 1_500_000, 8_000_000, (1, 2)),
        P("Giỏ mây đan Phù Cừ", "chiếc", 80_000, 250_000, (20, 50)),
        P("Hương trầm thủ công", "hộp", 60_000, 150_000, (20, 50)),
        P("Đèn lồng tre", "chiếc", 90_000, 200_000, (10, 20)),
    ), category="ocop-thu-cong"),
    "quan-ao": Group("industrial", ("", "", "size S–XXL", "vải cotton", "theo mẫu khách", "hàng xuất khẩu"), (
        P("Áo sơ mi nam", "chiếc", 120_000, 250_000, (100, 300, 500)),
        P("Quần âu nữ", "chiếc", 150_000, 280_000, (100, 300)),
        P("Áo phông cotton", "chiếc", 60_000, 120_000, (200, 500, 1000)),
        P("Áo khoác gió", "chiếc", 180_000, 350_000, (100, 300)),
        P("Váy liền công sở", "chiếc", 180_000, 350_000, (50, 100)),
        P("Quần jean", "chiếc", 150_000, 280_000, (200, 500)),
        P("Đồ ngủ trẻ em", "bộ", 60_000, 120_000, (100, 300)),
    ), contact=0.2, category="thoi-trang"),
    "dong-phuc-bao-ho": Group("industrial", ("", "", "in logo", "vải kaki", "phản quang", "theo size"), (
        P("Quần áo bảo hộ lao động", "bộ", 150_000, 280_000, (50, 100, 300)),
        P("Đồng phục công nhân", "bộ", 180_000, 320_000, (50, 100)),
        P("Áo blouse y tế", "chiếc", 120_000, 220_000, (50, 100)),
        P("Găng tay len bảo hộ", "đôi", 3_000, 6_000, (500, 1000)),
        P("Đồng phục học sinh", "bộ", 150_000, 250_000, (100, 300)),
    ), contact=0.25, category="dong-phuc-bao-ho"),
    "vai-soi": Group("industrial", ("", "", "khổ 1,6 m", "nhuộm theo màu", "hàng mộc"), (
        P("Sợi cotton CD 30/1", "kg", 65_000, 85_000, (500, 1000)),
        P("Sợi polyester", "kg", 35_000, 50_000, (500, 1000)),
        P("Vải kaki", "m", 35_000, 60_000, (500, 1000)),
        P("Vải thun cotton", "kg", 130_000, 190_000, (100, 300)),
        P("Vải lụa tơ tằm", "m", 180_000, 350_000, (50, 100)),
        P("Vải không dệt", "cuộn", 600_000, 1_200_000, (10, 50)),
    ), contact=0.3, category="vai-soi"),
    "giay-dep": Group("industrial", ("", "", "size 36–44", "đế cao su", "theo mẫu khách"), (
        P("Giày thể thao", "đôi", 180_000, 380_000, (100, 300)),
        P("Dép quai hậu", "đôi", 60_000, 120_000, (200, 500)),
        P("Giày da nam công sở", "đôi", 350_000, 750_000, (50, 100)),
        P("Giày bảo hộ mũi thép", "đôi", 220_000, 420_000, (50, 100)),
        P("Dép tổ ong", "đôi", 20_000, 35_000, (500, 1000)),
    ), contact=0.25, category="giay-dep"),
    "tui-xach-do-da": Group("industrial", ("", "", "da bò thật", "in logo theo yêu cầu"), (
        P("Ví da nam", "chiếc", 150_000, 350_000, (50, 100)),
        P("Túi xách nữ", "chiếc", 250_000, 650_000, (30, 50)),
        P("Thắt lưng da", "chiếc", 120_000, 280_000, (50, 100)),
        P("Ba lô vải dù", "chiếc", 120_000, 250_000, (100, 300)),
    ), contact=0.2, category="tui-vi"),
    "noi-that-go": Group("industrial", ("", "", "gỗ sồi", "gỗ xoan đào", "gỗ công nghiệp MDF", "sơn PU"), (
        P("Bàn làm việc", "chiếc", 1_500_000, 4_500_000, (5, 10), category="noi-that-van-phong"),
        P("Tủ quần áo 3 cánh", "chiếc", 4_500_000, 12_000_000, (2, 5)),
        P("Giường ngủ 1,8 m", "chiếc", 4_000_000, 11_000_000, (2, 5)),
        P("Bộ bàn ghế ăn 6 ghế", "bộ", 6_000_000, 18_000_000, (1, 2)),
        P("Kệ sách", "chiếc", 900_000, 2_500_000, (5, 10), category="noi-that-van-phong"),
        P("Sofa gỗ phòng khách", "bộ", 12_000_000, 35_000_000, (1,)),
    ), contact=0.25, category="noi-that-gia-dinh"),
    "go-van-ep": Group("industrial", ("", "", "khổ 1220 × 2440", "chống ẩm", "loại A"), (
        P("Ván ép phủ phim", "tấm", 220_000, 380_000, (50, 100)),
        P("Ván MDF", "tấm", 180_000, 320_000, (50, 100)),
        P("Gỗ keo xẻ sấy", "m³", 5_500_000, 8_000_000, (2, 5)),
        P("Pallet gỗ", "chiếc", 120_000, 250_000, (50, 100), category="van-go"),
    ), contact=0.3, category="van-go"),
    "gach-ngoi": Group("industrial", ("", "", "tuynel", "loại A1", "giao tại công trình"), (
        P("Gạch đặc tuynel", "viên", 1_100, 1_600, (5000, 10000)),
        P("Gạch lỗ 2 lỗ", "viên", 900, 1_300, (5000, 10000)),
        P("Gạch không nung", "viên", 1_200, 1_800, (3000, 5000)),
        P("Ngói lợp 22 viên/m²", "viên", 6_000, 11_000, (1000, 2000)),
        P("Gạch lát nền 60 × 60", "m²", 120_000, 250_000, (50, 100)),
        P("Gạch ốp tường", "m²", 110_000, 220_000, (50, 100)),
    ), contact=0.2, category="gach-ngoi"),
    "xi-mang-be-tong": Group("industrial", ("", "", "PCB40", "mác 250", "giao bằng xe bồn"), (
        P("Xi măng PCB40", "tấn", 1_250_000, 1_550_000, (5, 10, 20)),
        P("Bê tông thương phẩm mác 300", "m³", 1_050_000, 1_300_000, (10, 20)),
        P("Cống bê tông ly tâm D600", "đốt", 900_000, 1_600_000, (10, 20)),
        P("Cọc bê tông 250 × 250", "m", 180_000, 260_000, (100, 200)),
        P("Gạch block bê tông", "viên", 7_000, 12_000, (1000, 2000)),
    ), contact=0.3, category="xi-mang-be-tong"),
    "thep-xay-dung": Group("industrial", ("", "", "CB300", "cắt theo yêu cầu", "mạ kẽm"), (
        P("Thép cuộn D8", "tấn", 14_000_000, 16_500_000, (5, 10)),
        P("Thép thanh vằn D16", "tấn", 14_200_000, 16_800_000, (5, 10)),
        P("Thép hộp mạ kẽm 40 × 80", "cây", 280_000, 420_000, (50, 100)),
        P("Lưới thép hàn", "m²", 35_000, 60_000, (100, 300)),
        P("Tôn lạnh mạ màu", "m²", 85_000, 140_000, (100, 300)),
    ), contact=0.35, category="thep-xay-dung"),
    "cat-da": Group("industrial", ("", "", "giao tận công trình", "sàng sạch"), (
        P("Cát vàng xây dựng", "m³", 350_000, 480_000, (10, 20)),
        P("Cát đen san lấp", "m³", 120_000, 200_000, (50, 100)),
        P("Đá 1×2", "m³", 380_000, 480_000, (10, 20)),
        P("Đá hộc", "m³", 280_000, 380_000, (20, 50)),
    ), contact=0.2, category="cat-da"),
    "ket-cau-thep": Group("industrial", ("", "", "thiết kế theo yêu cầu", "sơn chống gỉ", "mạ kẽm nhúng nóng"), (
        P("Nhà xưởng khung thép tiền chế", "m²", 1_300_000, 2_200_000, (500, 1000)),
        P("Kết cấu thép gia công", "tấn", 28_000_000, 38_000_000, (5, 10)),
        P("Cửa cuốn công nghiệp", "m²", 900_000, 1_600_000, (20, 50)),
        P("Lan can cầu thang inox", "m", 800_000, 1_500_000, (20, 50)),
        P("Giàn giáo nêm", "bộ", 450_000, 700_000, (50, 100)),
    ), contact=0.45, category="khung-nha-thep"),
    "co-khi-chinh-xac": Group("industrial", ("", "", "theo bản vẽ", "CNC", "thép SKD11"), (
        P("Gia công CNC chi tiết máy", "chiếc", 50_000, 800_000, (100, 500)),
        P("Khuôn dập kim loại", "bộ", 25_000_000, 120_000_000, (1,)),
        P("Bánh răng côn", "chiếc", 150_000, 900_000, (50, 100), category="phu-tung-linh-kien"),
        P("Bu lông neo móng M24", "chiếc", 25_000, 60_000, (500, 1000), category="phu-tung-linh-kien"),
        P("Trục truyền động", "chiếc", 300_000, 2_500_000, (20, 50), category="phu-tung-linh-kien"),
    ), contact=0.5, category="gia-cong-kim-loai"),
    "may-moc-thiet-bi": Group("industrial", ("", "", "bảo hành 12 tháng", "nhập khẩu", "lắp đặt tận nơi"), (
        P("Máy sấy nông sản", "chiếc", 45_000_000, 180_000_000, (1,)),
        P("Máy bóc vỏ nhãn", "chiếc", 25_000_000, 60_000_000, (1,)),
        P("Máy xay xát gạo mini", "chiếc", 18_000_000, 45_000_000, (1,)),
        P("Máy đóng gói tự động", "chiếc", 120_000_000, 450_000_000, (1,), category="co-khi"),
        P("Băng tải con lăn", "m", 2_500_000, 6_000_000, (10, 20), category="co-khi"),
        P("Máy ép cám viên", "chiếc", 35_000_000, 95_000_000, (1,)),
    ), contact=0.5, category="may-nong-nghiep"),
    "thiet-bi-dien": Group("industrial", ("", "", "lõi đồng", "tiêu chuẩn TCVN", "chính hãng"), (
        P("Dây cáp điện CVV 2 × 2,5", "cuộn", 1_500_000, 2_600_000, (10, 50), category="day-cap-dien"),
        P("Tủ điện phân phối", "chiếc", 3_500_000, 25_000_000, (1, 5)),
        P("Ổ cắm công tắc âm tường", "chiếc", 25_000, 70_000, (100, 500)),
        P("Máy biến áp 250 kVA", "chiếc", 180_000_000, 320_000_000, (1,)),
        P("Ống luồn dây điện", "cuộn", 150_000, 300_000, (50, 100), category="day-cap-dien"),
    ), contact=0.35, category="thiet-bi-dien"),
    "linh-kien-dien-tu": Group("industrial", ("", "", "theo đơn OEM", "đạt RoHS"), (
        P("Bo mạch PCBA lắp ráp", "chiếc", 30_000, 300_000, (500, 1000)),
        P("Dây nối điện tử (wire harness)", "bộ", 15_000, 120_000, (1000, 5000)),
        P("Bộ nguồn adapter 12 V", "chiếc", 45_000, 90_000, (500, 1000)),
        P("Cảm biến nhiệt độ", "chiếc", 35_000, 150_000, (100, 500)),
    ), contact=0.5, category="linh-kien-dien-tu"),
    "den-chieu-sang": Group("industrial", ("", "", "bảo hành 2 năm", "ánh sáng trắng"), (
        P("Đèn LED nhà xưởng 150 W", "chiếc", 650_000, 1_300_000, (20, 50)),
        P("Đèn đường LED 100 W", "chiếc", 1_100_000, 2_200_000, (10, 20)),
        P("Bóng LED bulb 12 W", "chiếc", 25_000, 45_000, (100, 500)),
        P("Đèn năng lượng mặt trời", "bộ", 450_000, 1_500_000, (10, 20)),
        P("Đèn ốp trần", "chiếc", 120_000, 350_000, (50, 100)),
    ), contact=0.25, category="den-chieu-sang"),
    "san-pham-nhua": Group("industrial", ("", "", "nhựa nguyên sinh", "in logo", "nhiều màu"), (
        P("Ống nhựa HDPE D110", "m", 85_000, 140_000, (100, 500)),
        P("Két nhựa đựng hàng", "chiếc", 70_000, 130_000, (100, 300)),
        P("Thùng rác nhựa 120 lít", "chiếc", 450_000, 750_000, (20, 50)),
        P("Màng PE quấn pallet", "cuộn", 180_000, 320_000, (20, 50), category="bao-bi-nhua"),
        P("Túi nilon HD", "kg", 38_000, 55_000, (100, 500), category="bao-bi-nhua"),
        P("Pallet nhựa", "chiếc", 350_000, 800_000, (20, 50)),
    ), contact=0.3, category="san-pham-nhua"),
    "hoa-chat-phan-bon": Group("industrial", ("", "", "bao 50 kg", "can 20 lít", "hàng công ty"), (
        P("Phân bón NPK 16-16-8", "bao", 650_000, 850_000, (20, 50)),
        P("Phân hữu cơ vi sinh", "tấn", 3_500_000, 5_500_000, (1, 5)),
        P("Vôi bột nông nghiệp", "tấn", 1_100_000, 1_600_000, (5, 10)),
        P("Chế phẩm sinh học xử lý ao nuôi", "kg", 150_000, 300_000, (10, 20)),
        P("Nước rửa chén công nghiệp", "can", 120_000, 220_000, (10, 20), category="chat-tay-rua"),
    ), contact=0.3, category="phan-bon-thuoc-bvtv"),
    "bao-bi": Group("industrial", ("", "", "in flexo", "theo kích thước", "5 lớp"), (
        P("Thùng carton 5 lớp", "chiếc", 6_000, 18_000, (1000, 3000)),
        P("Bao PP dệt 50 kg", "chiếc", 3_000, 5_500, (5000, 10000), category="bao-bi-nhua"),
        P("Túi giấy kraft", "chiếc", 1_500, 4_500, (2000, 5000)),
        P("Hộp quà nhãn lồng", "chiếc", 15_000, 40_000, (500, 1000)),
        P("Khay xốp đựng thực phẩm", "chiếc", 400, 1_200, (5000, 10000), category="bao-bi-nhua"),
        P("Màng co POF", "cuộn", 450_000, 850_000, (10, 20), category="bao-bi-nhua"),
    ), contact=0.35, category="bao-bi-giay"),
    "in-an": Group("industrial", ("", "", "in offset", "in kỹ thuật số", "cán màng"), (
        P("In tem nhãn decal", "chiếc", 150, 800, (5000, 10000)),
        P("In catalogue", "cuốn", 15_000, 45_000, (500, 1000)),
        P("In tờ rơi A5", "tờ", 400, 1_200, (2000, 5000)),
        P("In biển quảng cáo", "m²", 180_000, 450_000, (5, 10)),
        P("In lịch Tết", "cuốn", 35_000, 90_000, (200, 500), (10, 12)),
    ), contact=0.4, category="in-an"),
    "may-tre-dan": Group("craft", ("", "", "hàng xuất khẩu", "sơn bóng", "nhiều kích thước"), (
        P("Giỏ mây đựng đồ", "chiếc", 60_000, 180_000, (50, 100)),
        P("Khay tre đan", "chiếc", 40_000, 120_000, (50, 100)),
        P("Đèn tre trang trí", "chiếc", 120_000, 350_000, (20, 50)),
        P("Ghế mây", "chiếc", 450_000, 1_200_000, (10, 20)),
        P("Rổ rá tre", "bộ", 50_000, 120_000, (50, 100)),
    ), contact=0.15, category="may-tre-dan"),
    "coi-chieu": Group("craft", ("", "", "khổ 1,6 m", "dệt máy", "dệt tay"), (
        P("Chiếu cói Thái Bình", "chiếc", 120_000, 350_000, (20, 50)),
        P("Thảm cói", "m²", 90_000, 200_000, (20, 50)),
        P("Túi cói", "chiếc", 50_000, 150_000, (50, 100)),
        P("Hộp cói đựng đồ", "bộ", 120_000, 280_000, (20, 50)),
    ), contact=0.15, category="thu-cong-my-nghe"),
    "theu-ren": Group("craft", ("", "", "thêu tay", "chỉ tơ tằm"), (
        P("Tranh thêu tay phong cảnh", "bức", 800_000, 5_000_000, (1, 2)),
        P("Khăn trải bàn thêu", "chiếc", 250_000, 650_000, (10, 20)),
        P("Áo dài thêu hoa", "chiếc", 900_000, 2_500_000, (5, 10)),
        P("Gối tựa thêu ren", "chiếc", 120_000, 280_000, (20, 50)),
    ), contact=0.2, category="theu-ren"),
    "do-go-my-nghe": Group("craft", ("", "", "gỗ mít", "sơn son thếp vàng", "chạm tay"), (
        P("Bàn thờ gỗ mít", "chiếc", 6_000_000, 25_000_000, (1,)),
        P("Hoành phi câu đối", "bộ", 8_000_000, 35_000_000, (1,)),
        P("Tượng gỗ phong thủy", "chiếc", 1_500_000, 9_000_000, (1, 2)),
        P("Khay mứt gỗ", "chiếc", 250_000, 600_000, (10, 20)),
    ), contact=0.35, category="go-my-nghe"),
    "van-tai-logistics": Group("service", ("", "", "Hưng Yên – Hà Nội", "Hưng Yên – Hải Phòng", "đi các tỉnh phía Bắc"), (
        P("Vận chuyển hàng bằng xe tải 5 tấn", "chuyến", 1_800_000, 3_500_000, (1,)),
        P("Xe container 40 feet", "chuyến", 4_500_000, 8_500_000, (1,)),
        P("Vận chuyển nông sản đông lạnh", "chuyến", 2_500_000, 5_000_000, (1,)),
        P("Cho thuê kho bãi", "m²", 55_000, 95_000, (100, 200), category="kho-bai"),
        P("Giao hàng chặng cuối", "kiện", 15_000, 35_000, (50, 100)),
    ), contact=0.3, category="van-tai-logistics"),
    "dich-vu-an-uong": Group("service", ("", "", "giao tận nơi", "thực đơn theo tuần"), (
        P("Suất ăn công nghiệp", "suất", 25_000, 40_000, (100, 300)),
        P("Cỗ cưới trọn gói", "mâm", 1_800_000, 3_500_000, (10, 20)),
        P("Tiệc buffet hội nghị", "suất", 180_000, 350_000, (50, 100)),
        P("Suất ăn học sinh bán trú", "suất", 22_000, 35_000, (100, 300)),
    ), contact=0.2, category="du-lich-an-uong"),
    "xay-dung-lap-dat": Group("service", ("", "", "trọn gói", "bảo hành 5 năm"), (
        P("Thi công nhà xưởng", "m²", 2_500_000, 4_500_000, (500,)),
        P("Lắp đặt điện mặt trời áp mái", "kWp", 9_000_000, 14_000_000, (10, 50)),
        P("Chống thấm mái", "m²", 120_000, 250_000, (50, 100)),
        P("Lắp đặt hệ thống PCCC", "m²", 150_000, 350_000, (200, 500)),
    ), contact=0.5, category="xay-dung-lap-dat"),
    "cong-nghe-thong-tin": Group("service", ("", "", "trọn gói", "hỗ trợ 12 tháng"), (
        P("Thiết kế website doanh nghiệp", "gói", 6_000_000, 25_000_000, (1,)),
        P("Phần mềm quản lý bán hàng", "gói", 3_000_000, 15_000_000, (1,)),
        P("Lắp đặt camera giám sát", "bộ", 4_500_000, 15_000_000, (1,)),
        P("Số hóa tài liệu", "trang", 800, 2_500, (1000, 5000), category="tu-van-dao-tao"),
    ), contact=0.45, category="dich-vu"),
}

# the product groups an enterprise of a VSIC code sells (codes of the demo registry first)
VSIC_GROUPS: dict[str, tuple[str, ...]] = {
    "0121": ("trai-cay", "trai-cay", "nong-san-say-kho", "ocop-thuc-pham"),
    "0118": ("rau-cu", "rau-cu", "cay-giong-hoa-canh"),
    "0146": ("gia-cam", "gia-cam", "gia-suc"),
    "0322": ("thuy-san",),
    "1010": ("thit-cha-che-bien", "gia-suc"),
    "1079": ("gia-vi-nuoc-cham", "banh-keo-mut", "ocop-thuc-pham", "nong-san-say-kho"),
    "1075": ("thit-cha-che-bien", "gia-vi-nuoc-cham", "ocop-thuc-pham"),
    "1311": ("vai-soi",), "1410": ("quan-ao", "quan-ao", "dong-phuc-bao-ho"),
    "1520": ("giay-dep", "tui-xach-do-da"), "1629": ("do-go-my-nghe", "go-van-ep"),
    "3100": ("noi-that-go",), "2392": ("gach-ngoi", "xi-mang-be-tong", "cat-da"),
    "2511": ("ket-cau-thep", "thep-xay-dung"), "2592": ("co-khi-chinh-xac", "may-moc-thiet-bi"),
    "2740": ("den-chieu-sang", "thiet-bi-dien"), "2610": ("linh-kien-dien-tu",),
    "2220": ("san-pham-nhua",), "1702": ("bao-bi",), "1811": ("in-an",),
    "3290": ("may-tre-dan", "coi-chieu", "theu-ren", "ocop-thu-cong"),
    "4620": ("trai-cay", "lua-gao", "rau-cu", "hoa-chat-phan-bon"),
    "4632": ("gia-vi-nuoc-cham", "do-uong", "banh-keo-mut", "ocop-do-uong-duoc-lieu"),
    "4659": ("may-moc-thiet-bi", "thiet-bi-dien"), "4933": ("van-tai-logistics",),
    "5610": ("dich-vu-an-uong",), "6201": ("cong-nghe-thong-tin",),
    "4100": ("xay-dung-lap-dat",),
}
# any other code: by its VSIC section
SECTION_GROUPS: dict[str, tuple[str, ...]] = {
    "A": ("trai-cay", "rau-cu", "lua-gao", "gia-cam", "thuy-san"),
    "C": ("thit-cha-che-bien", "quan-ao", "noi-that-go", "san-pham-nhua", "bao-bi",
          "co-khi-chinh-xac"),
    "F": ("xay-dung-lap-dat", "gach-ngoi"), "G": ("gia-vi-nuoc-cham", "may-moc-thiet-bi"),
    "H": ("van-tai-logistics",), "I": ("dich-vu-an-uong",), "J": ("cong-nghe-thong-tin",),
}
FALLBACK_GROUPS = ("thu-cong-my-nghe", "may-tre-dan", "in-an")

DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "fresh": (
        "{name} do {enterprise} trực tiếp nuôi trồng và thu hoạch tại {commune}, tỉnh Hưng Yên.",
        "Hàng được tuyển chọn, đóng gói và bảo quản đúng quy trình; giao tại vườn hoặc tận kho "
        "của người mua. Nhận đơn từ {moq} {unit}.",
        "Sản lượng ổn định cho các bếp ăn, siêu thị, chợ đầu mối và đơn vị xuất khẩu. "
        "Giá có thể thay đổi theo mùa vụ.",
    ),
    "food": (
        "{name} được {enterprise} sản xuất tại {commune} theo công thức truyền thống, "
        "nguyên liệu địa phương chọn lọc.",
        "Cơ sở đạt điều kiện an toàn thực phẩm; sản phẩm có tem nhãn, hạn sử dụng rõ ràng. "
        "Đặt tối thiểu {moq} {unit}, giao hàng toàn quốc.",
        "Nhận làm hàng theo thương hiệu riêng cho đại lý và chuỗi cửa hàng.",
    ),
    "ocop": (
        "{name} là sản phẩm OCOP của tỉnh Hưng Yên, do {enterprise} sản xuất tại {commune}.",
        "Đặc sản làm quà biếu được ưa chuộng; đóng gói đẹp, có truy xuất nguồn gốc. "
        "Nhận đơn từ {moq} {unit}.",
        "Có chính sách giá riêng cho đại lý, điểm bán OCOP và doanh nghiệp đặt quà tặng.",
    ),
    "industrial": (
        "{enterprise} cung cấp {name_lower} cho doanh nghiệp, công trình và đại lý trong và ngoài "
        "tỉnh.",
        "Sản xuất tại {commune}, kiểm tra chất lượng từng lô; có hóa đơn VAT và chứng từ đầy đủ. "
        "Đơn tối thiểu {moq} {unit}.",
        "Nhận gia công theo mẫu và bản vẽ của khách hàng; giá tốt cho đơn hàng lớn.",
    ),
    "craft": (
        "{name} làm thủ công bởi thợ lành nghề của {enterprise} tại {commune}.",
        "Mỗi sản phẩm một nét riêng; nhận làm theo mẫu, theo kích thước và đóng gói xuất khẩu. "
        "Đơn tối thiểu {moq} {unit}.",
    ),
    "service": (
        "{enterprise} cung cấp dịch vụ {name_lower} cho doanh nghiệp và khu công nghiệp tại "
        "Hưng Yên và các tỉnh lân cận.",
        "Báo giá nhanh trong ngày, hợp đồng rõ ràng, xuất hóa đơn VAT. "
        "Nhận từ {moq} {unit}.",
    ),
}
# a second qualifier, so that one enterprise's many listings of one product read differently
QUALIFIERS: dict[str, tuple[str, ...]] = {
    "fresh": ("giá tại vườn", "giao ngay", "hàng tuyển chọn", "bán sỉ", "lô lớn", "thu hoạch mới",
              "đóng bao", "hàng chợ đầu mối", "cho bếp ăn", "cho siêu thị"),
    "food": ("bán sỉ", "hàng mới", "nhãn riêng", "cho đại lý", "hộp quà", "túi zip",
             "cho siêu thị", "loại thượng hạng", "ít ngọt", "vị truyền thống"),
    "ocop": ("hộp quà Tết", "bán sỉ", "cho đại lý", "hộp giấy kraft", "túi zip", "bộ quà biếu",
             "hàng mới"),
    "industrial": ("loại A", "loại B", "cỡ lớn", "cỡ nhỏ", "mẫu 2026", "hàng có sẵn",
                   "theo đơn", "giá xưởng", "xuất khẩu", "tiêu chuẩn EU", "cho công trình"),
    "craft": ("cỡ lớn", "cỡ nhỏ", "bộ 3 chiếc", "bộ 5 chiếc", "màu tự nhiên", "sơn màu",
              "mẫu mới", "hàng xuất khẩu Nhật"),
    "service": ("trọn gói", "theo hợp đồng năm", "giá ưu đãi", "khu công nghiệp Phố Nối",
                "khu công nghiệp Thăng Long II", "cho hộ kinh doanh"),
}
REJECTION_REASONS = (
    "Ảnh sản phẩm chưa rõ, đề nghị bổ sung ảnh thật của sản phẩm.",
    "Giá và đơn vị tính chưa khớp với mô tả.",
    "Tên sản phẩm dùng chữ in hoa và ký tự quảng cáo, đề nghị sửa lại.",
    "Sản phẩm ghi OCOP nhưng chưa có số giấy chứng nhận.",
    "Sai danh mục, đề nghị chọn lại danh mục phù hợp.",
)
