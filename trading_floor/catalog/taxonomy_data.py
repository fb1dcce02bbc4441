"""The taxonomy the floor ships with: (slug, name_vi, name_en, children), two or three levels.

Slugs are stable public URLs (/danh-muc/<slug>): rename a category's names freely, never its slug.
"""

Node = tuple[str, str, str, tuple]

TAXONOMY: tuple[Node, ...] = (
    ("nong-san", "Nông sản", "Agricultural products", (
        ("trai-cay", "Trái cây", "Fruit", (
            ("nhan", "Nhãn", "Longan", ()),
            ("vai", "Vải", "Lychee", ()),
            ("chuoi", "Chuối", "Banana", ()),
            ("cam-buoi", "Cam, bưởi", "Oranges and pomelos", ()),
            ("trai-cay-khac", "Trái cây khác", "Other fruit", ()),
        )),
        ("rau-cu", "Rau, củ", "Vegetables", (
            ("rau-an-la", "Rau ăn lá", "Leafy vegetables", ()),
            ("cu-qua", "Củ, quả", "Roots and fruiting vegetables", ()),
            ("rau-gia-vi", "Rau gia vị", "Herbs", ()),
        )),
        ("lua-gao-ngu-coc", "Lúa gạo, ngũ cốc", "Rice and cereals", (
            ("gao", "Gạo", "Rice", ()),
            ("ngo-dau", "Ngô, đậu", "Maize and beans", ()),
        )),
        ("chan-nuoi", "Chăn nuôi", "Livestock and poultry", (
            ("gia-cam", "Gia cầm", "Poultry", ()),
            ("gia-suc", "Gia súc", "Livestock", ()),
            ("trung", "Trứng", "Eggs", ()),
        )),
        ("thuy-san", "Thủy sản", "Fish and seafood", (
            ("ca-nuoc-ngot", "Cá nước ngọt", "Freshwater fish", ()),
            ("tom-cua", "Tôm, cua", "Shrimp and crab", ()),
        )),
        ("cay-giong-hoa", "Cây giống, hoa, cây cảnh", "Seedlings, flowers, ornamentals", ()),
        ("duoc-lieu", "Dược liệu", "Medicinal herbs", ()),
    )),
    ("thuc-pham-che-bien", "Thực phẩm chế biến", "Processed food", (
        ("gia-vi-nuoc-cham", "Gia vị, nước chấm", "Condiments and sauces", (
            ("tuong", "Tương", "Fermented soybean sauce", ()),
            ("nuoc-mam", "Nước mắm", "Fish sauce", ()),
        )),
        ("banh-keo", "Bánh, kẹo", "Cakes and sweets", (
            ("banh-cuon-banh-gao", "Bánh cuốn, bánh gạo", "Rice cakes", ()),
            ("keo-mut", "Kẹo, mứt", "Sweets and candied fruit", ()),
        )),
        ("thit-che-bien", "Thịt chế biến", "Processed meat", (
            ("cha-gio-lua", "Chả, giò lụa", "Pork rolls and patties", ()),
            ("lap-xuong-thit-kho", "Lạp xưởng, thịt khô", "Sausage and dried meat", ()),
        )),
        ("trai-cay-say", "Trái cây sấy, long nhãn", "Dried fruit and dried longan", ()),
        ("do-uong", "Đồ uống", "Beverages", (
            ("ruou", "Rượu", "Liquor", ()),
            ("tra", "Trà", "Tea", ()),
            ("nuoc-giai-khat", "Nước giải khát", "Soft drinks", ()),
        )),
        ("bun-mien-pho", "Bún, miến, phở khô", "Dried noodles", ()),
        ("thuc-an-chan-nuoi", "Thức ăn chăn nuôi", "Animal feed", ()),
    )),
    ("ocop-dac-san", "OCOP, đặc sản", "OCOP and local specialities", (
        ("ocop-thuc-pham", "OCOP thực phẩm", "OCOP food", ()),
        ("ocop-do-uong", "OCOP đồ uống", "OCOP beverages", ()),
        ("ocop-thao-duoc", "OCOP thảo dược", "OCOP herbal products", ()),
        ("ocop-thu-cong", "OCOP thủ công, lưu niệm", "OCOP handicrafts and souvenirs", ()),
        ("dac-san-hung-yen", "Đặc sản Hưng Yên", "Hưng Yên specialities", ()),
    )),
    ("det-may", "Dệt may", "Textiles and garments", (
        ("vai-soi", "Vải, sợi", "Fabric and yarn", ()),
        ("quan-ao", "Quần áo", "Clothing", (
            ("dong-phuc-bao-ho", "Đồng phục, bảo hộ lao động", "Uniforms and workwear", ()),
            ("thoi-trang", "Thời trang", "Fashion", ()),
        )),
        ("det-gia-dung", "Hàng dệt gia dụng", "Home textiles", ()),
        ("phu-lieu-may", "Phụ liệu may", "Sewing accessories", ()),
    )),
    ("da-giay", "Da giày", "Leather and footwear", (
        ("giay-dep", "Giày, dép", "Footwear", ()),
        ("tui-vi", "Túi, ví", "Bags and wallets", ()),
        ("da-thuoc", "Da thuộc, giả da", "Leather and synthetic leather", ()),
    )),
    ("do-go-noi-that", "Đồ gỗ, nội thất", "Wood products and furniture", (
        ("noi-that-gia-dinh", "Nội thất gia đình", "Home furniture", ()),
        ("noi-that-van-phong", "Nội thất văn phòng", "Office furniture", ()),
        ("go-my-nghe", "Gỗ mỹ nghệ", "Fine woodwork", ()),
        ("van-go", "Ván, gỗ xẻ", "Boards and sawn timber", ()),
    )),
    ("vat-lieu-xay-dung", "Vật liệu xây dựng", "Building materials", (
        ("gach-ngoi", "Gạch, ngói", "Bricks and tiles", ()),
        ("xi-mang-be-tong", "Xi măng, bê tông", "Cement and concrete", ()),
        ("thep-xay-dung", "Thép xây dựng", "Construction steel", ()),
        ("cat-da", "Cát, đá, sỏi", "Sand, stone and gravel", ()),
        ("thiet-bi-ve-sinh", "Thiết bị vệ sinh", "Sanitary ware", ()),
        ("son-chong-tham", "Sơn, chống thấm", "Paint and waterproofing", ()),
    )),
    ("co-khi", "Cơ khí", "Engineering and metalwork", (
        ("may-nong-nghiep", "Máy nông nghiệp", "Agricultural machinery", ()),
        ("gia-cong-kim-loai", "Gia công kim loại", "Metalworking services", ()),
        ("khung-nha-thep", "Khung nhà thép, kết cấu", "Steel structures", ()),
        ("phu-tung-linh-kien", "Phụ tùng, linh kiện", "Spare parts and components", ()),
        ("dung-cu-cam-tay", "Dụng cụ cầm tay", "Hand tools", ()),
    )),
    ("dien-dien-tu", "Điện – điện tử", "Electrical and electronics", (
        ("day-cap-dien", "Dây, cáp điện", "Wires and cables", ()),
        ("thiet-bi-dien", "Thiết bị điện", "Electrical equipment", ()),
        ("den-chieu-sang", "Đèn chiếu sáng", "Lighting", ()),
        ("linh-kien-dien-tu", "Linh kiện điện tử", "Electronic components", ()),
        ("dien-gia-dung", "Điện gia dụng", "Household appliances", ()),
    )),
    ("hoa-chat-nhua", "Hoá chất – nhựa", "Chemicals and plastics", (
        ("hat-nhua", "Hạt nhựa", "Plastic resin", ()),
        ("san-pham-nhua", "Sản phẩm nhựa", "Plastic products", ()),
        ("hoa-chat-cong-nghiep", "Hoá chất công nghiệp", "Industrial chemicals", ()),
        ("phan-bon-thuoc-bvtv", "Phân bón, thuốc BVTV", "Fertilisers and crop protection", ()),
        ("chat-tay-rua", "Chất tẩy rửa", "Detergents", ()),
    )),
    ("bao-bi-in-an", "Bao bì – in ấn", "Packaging and printing", (
        ("bao-bi-giay", "Bao bì giấy, thùng carton", "Paper packaging and cartons", ()),
        ("bao-bi-nhua", "Bao bì nhựa, túi", "Plastic packaging and bags", ()),
        ("in-an", "In ấn, tem nhãn", "Printing and labels", ()),
    )),
    ("thu-cong-my-nghe", "Thủ công mỹ nghệ", "Handicrafts", (
        ("may-tre-dan", "Mây tre đan", "Rattan and bamboo", ()),
        ("gom-su", "Gốm sứ", "Ceramics", ()),
        ("cham-bac-kim-khi", "Chạm bạc, đồ đồng", "Silverwork and bronze", ()),
        ("theu-ren", "Thêu, ren", "Embroidery and lace", ()),
        ("son-mai", "Sơn mài", "Lacquerware", ()),
    )),
    ("dich-vu", "Dịch vụ", "Services", (
        ("van-tai-logistics", "Vận tải, logistics", "Transport and logistics", ()),
        ("kho-bai", "Kho bãi", "Warehousing", ()),
        ("gia-cong-san-xuat", "Gia công sản xuất", "Contract manufacturing", ()),
        ("xay-dung-lap-dat", "Xây dựng, lắp đặt", "Construction and installation", ()),
        ("du-lich-an-uong", "Du lịch, ăn uống", "Tourism and catering", ()),
        ("tu-van-dao-tao", "Tư vấn, đào tạo", "Consulting and training", ()),
    )),
    ("khac", "Sản phẩm khác", "Other products", ()),
)
