"""The demo floor's pages, in Vietnamese and English: a starting point the Department rewrites.

Screenshots referenced by the guide live in static/guides/ (made by scripts/screenshots.py).
"""

ABOUT_VI = """\
Sàn giao dịch thương mại điện tử Hưng Yên là nơi **doanh nghiệp của tỉnh giới thiệu sản phẩm**,
**người mua trong và ngoài tỉnh tìm nhà cung cấp** và giao dịch trực tiếp với nhau: hỏi hàng,
chào mua, báo giá, đặt hàng và thanh toán.

Sàn do **Sở Công Thương tỉnh Hưng Yên** vận hành, thực hiện kế hoạch chuyển đổi số của tỉnh.

## Mục tiêu

- **50%** doanh nghiệp của tỉnh tham gia sàn để quảng bá sản phẩm;
- **80%** doanh nghiệp của tỉnh truy cập sàn để tìm kiếm thông tin thị trường, bạn hàng;
- kết nối với các sàn thương mại điện tử lớn trong cả nước.

## Sàn mang lại gì

| Cho ai | Được gì |
| --- | --- |
| Doanh nghiệp của tỉnh | Gian hàng **miễn phí**, có dấu xác minh của Sở; sản phẩm với giá theo số lượng, số lượng tối thiểu, chứng nhận OCOP, VietGAP…; nhận hỏi hàng, yêu cầu chào mua và đơn hàng |
| Người mua | Tìm sản phẩm bằng tiếng Việt có dấu hoặc không dấu; so sánh báo giá; đặt mẫu hoặc đặt lô; thanh toán chuyển khoản VietQR hoặc thẻ |
| Sở Công Thương | Sổ đăng ký doanh nghiệp, xác minh, kiểm duyệt sản phẩm, theo dõi tỷ lệ tham gia và truy cập |

## Nguyên tắc

- Mỗi gian hàng gắn với một doanh nghiệp có trong sổ đăng ký của tỉnh và đã được Sở xác minh.
- Sản phẩm được Sở duyệt trước khi hiển thị công khai; nội dung vi phạm được gỡ xuống.
- Tham gia sàn không mất phí. Sàn không thu hoa hồng trên giao dịch.

Xem [hướng dẫn sử dụng](/huong-dan) hoặc [liên hệ Sở Công Thương](/lien-he) khi cần hỗ trợ.
"""

ABOUT_EN = """\
The Hưng Yên e-commerce trading floor is where **the province's enterprises present their
products**, **buyers from the province and beyond find suppliers**, and both trade directly:
inquiries, requests for quotation, quotes, orders and payment.

The floor is run by the **Hưng Yên Department of Industry and Trade**, as part of the province's
digital transformation plan.

## Targets

- **50%** of the province's enterprises take part in the floor to promote their products;
- **80%** of them access the floor to look for market information and partners;
- connection with the large national e-commerce floors.

## What the floor offers

| Who | What they get |
| --- | --- |
| Enterprises of the province | A **free** storefront verified by the Department; products with volume prices, minimum order quantities, OCOP and VietGAP certificates; inquiries, requests for quotation and orders |
| Buyers | Search in Vietnamese with or without diacritics; compare quotes; order samples or lots; pay by VietQR bank transfer or card |
| The Department | The enterprise registry, verification, moderation of listings, participation and access rates |

## Principles

- Each storefront belongs to an enterprise of the provincial registry, verified by the Department.
- Listings are reviewed before they are public; infringing content is taken down.
- Taking part is free. The floor takes no commission on trade.

See the [user guide](/huong-dan) or [contact the Department](/lien-he) for help.
"""

GUIDE_VI = """\
Trang này hướng dẫn từng bước cho doanh nghiệp, người mua và cán bộ Sở Công Thương.
Ảnh minh họa chụp từ chính các trang của sàn.

## Doanh nghiệp: tham gia sàn trong 4 bước {#doanh-nghiep}

**Bước 1 — Đăng ký tài khoản.** Bấm [Đăng ký](/dang-ky), nhập họ tên, thư điện tử và mật khẩu
(ít nhất 8 ký tự).

[![Trang đăng ký tài khoản](/static/guides/dang-ky.png)](/static/guides/dang-ky.png)

**Bước 2 — Nhận doanh nghiệp bằng mã số thuế.** Vào [Nhận doanh nghiệp](/doanh-nghiep/nhan),
nhập mã số doanh nghiệp (10 chữ số, chi nhánh dạng `0101234567-001`) có trong sổ đăng ký của tỉnh,
chức vụ của bạn và thông tin giúp xác minh (người đại diện, số giấy phép…).

[![Trang nhận doanh nghiệp bằng mã số thuế](/static/guides/nhan-doanh-nghiep.png)](/static/guides/nhan-doanh-nghiep.png)

**Bước 3 — Sở Công Thương xác minh.** Cán bộ Sở đối chiếu với sổ đăng ký, có thể gọi điện hoặc
đề nghị bổ sung thông tin. Kết quả được gửi qua thư điện tử và hiện trên trang
[Tài khoản](/tai-khoan).

**Bước 4 — Đăng sản phẩm.** Trong [Gian hàng của tôi](/gian-hang/), bấm "Thêm sản phẩm": tên,
danh mục, giá (hoặc "liên hệ"), đơn vị, số lượng tối thiểu, bậc giá theo số lượng, chứng nhận và
tối đa 8 ảnh. "Lưu và gửi duyệt" chuyển sản phẩm cho Sở duyệt; sau khi duyệt, sản phẩm hiển thị
công khai và tìm kiếm được ngay. Có thể nhập nhiều sản phẩm một lúc từ tệp Excel ("Nhập từ tệp").

[![Gian hàng của doanh nghiệp](/static/guides/gian-hang.png)](/static/guides/gian-hang.png)

[![Biểu mẫu đăng sản phẩm](/static/guides/dang-san-pham.png)](/static/guides/dang-san-pham.png)

Sau đó: trả lời hỏi hàng trong **Hộp thư**, gửi báo giá cho các **yêu cầu chào mua** phù hợp,
xử lý **Đơn hàng** và khai báo tài khoản ngân hàng để người mua chuyển khoản bằng mã VietQR.

## Người mua: tìm và hỏi hàng {#nguoi-mua}

**Tìm sản phẩm.** Gõ vào ô tìm kiếm ở đầu trang, có dấu hay không dấu đều được (`nhan long` tìm
ra *nhãn lồng*). Lọc theo danh mục, xã/phường, chứng nhận, giá và số lượng tối thiểu.

[![Kết quả tìm kiếm](/static/guides/tim-kiem.png)](/static/guides/tim-kiem.png)

**Hỏi hàng.** Trên trang sản phẩm, bấm **Hỏi hàng** để hỏi giá, mẫu, thời gian giao. Doanh nghiệp
trả lời trong hộp thư; bạn được báo qua thư điện tử.

[![Trang sản phẩm với nút Hỏi hàng và Đặt hàng](/static/guides/san-pham.png)](/static/guides/san-pham.png)

**Đăng yêu cầu chào mua.** Khi cần mua số lượng lớn, vào [Chào mua](/chao-mua/moi): nêu hàng cần
mua, số lượng, nơi giao và hạn chót. Các doanh nghiệp phù hợp được báo và gửi báo giá; bạn so
sánh rồi chấp nhận một báo giá, đơn hàng được tạo theo giá đã chào.

[![Đăng yêu cầu chào mua](/static/guides/chao-mua.png)](/static/guides/chao-mua.png)

**Đặt hàng và thanh toán.** Đặt hàng từ trang sản phẩm (từ số lượng tối thiểu); thanh toán bằng
chuyển khoản (quét mã VietQR, ghi mã đơn hàng) hoặc bằng thẻ nếu sàn đã bật.

## Cán bộ Sở Công Thương {#can-bo}

**Xác minh doanh nghiệp.** Trang [Xác minh](/so-cong-thuong/xac-minh) liệt kê các yêu cầu nhận
doanh nghiệp: duyệt, từ chối kèm lý do, hoặc đề nghị bổ sung.

[![Hàng chờ xác minh](/static/guides/xac-minh.png)](/static/guides/xac-minh.png)

**Kiểm duyệt sản phẩm.** Trang [Kiểm duyệt](/so-cong-thuong/kiem-duyet): duyệt hoặc từ chối sản
phẩm chờ duyệt, gỡ sản phẩm vi phạm, xử lý báo cáo.

[![Hàng chờ kiểm duyệt](/static/guides/kiem-duyet.png)](/static/guides/kiem-duyet.png)

**Theo dõi tỷ lệ.** [Theo dõi tỷ lệ](/theo-doi/) cho biết tỷ lệ tham gia (mục tiêu 50%) và truy
cập (mục tiêu 80%) theo kỳ, theo xã/phường, ngành, quy mô; xuất Excel; danh sách doanh nghiệp cần
vận động.

[![Bảng theo dõi tỷ lệ](/static/guides/theo-doi.png)](/static/guides/theo-doi.png)

**Nội dung của sàn.** Trang [Nội dung](/so-cong-thuong/noi-dung): sửa các trang Giới thiệu,
Hướng dẫn, Liên hệ và đăng tin tức, sự kiện xúc tiến thương mại, thông tin thị trường. Viết bằng
Markdown, bấm "Xem trước" trước khi lưu; mỗi lần sửa, bản cũ được giữ lại.

[![Trình soạn tin](/static/guides/soan-tin.png)](/static/guides/soan-tin.png)
"""

GUIDE_EN = """\
Step by step, for enterprises, buyers and officers of the Department. The pictures are taken from
the floor's own pages (in Vietnamese).

## Enterprises: join the floor in 4 steps {#doanh-nghiep}

**Step 1 — Sign up.** Click [Sign up](/dang-ky) and enter your name, e-mail and a password
(at least 8 characters).

[![The sign-up page](/static/guides/dang-ky.png)](/static/guides/dang-ky.png)

**Step 2 — Claim your enterprise by its tax code.** Open [Claim an enterprise](/doanh-nghiep/nhan)
and enter the enterprise code (10 digits, a branch as `0101234567-001`) from the provincial
registry, your position and what helps verification (legal representative, licence number…).

[![Claiming an enterprise by its tax code](/static/guides/nhan-doanh-nghiep.png)](/static/guides/nhan-doanh-nghiep.png)

**Step 3 — The Department verifies.** An officer checks the registry, may call you or ask for
more information. You get the outcome by e-mail and on your [Account](/tai-khoan) page.

**Step 4 — List your products.** In [My storefront](/gian-hang/) click "Add a product": name,
category, price (or "on request"), unit, minimum order quantity, volume prices, certificates and
up to 8 photos. "Save and submit" sends it for review; once approved it is public and searchable
at once. Many products can be imported from an Excel file ("Import from file").

[![The enterprise's storefront](/static/guides/gian-hang.png)](/static/guides/gian-hang.png)

[![The product form](/static/guides/dang-san-pham.png)](/static/guides/dang-san-pham.png)

Then answer inquiries in the **Inbox**, quote on matching **requests for quotation**, handle
**Orders** and enter your bank account so buyers can pay by VietQR transfer.

## Buyers: find and ask {#nguoi-mua}

**Find products.** Type in the search box at the top of every page, with or without diacritics
(`nhan long` finds *nhãn lồng*). Filter by category, commune, certificate, price and minimum
order quantity.

[![Search results](/static/guides/tim-kiem.png)](/static/guides/tim-kiem.png)

**Ask the seller.** On a product page click **Inquire** to ask about price, samples or delivery.
The enterprise answers in your inbox; you are told by e-mail.

[![A product page with Inquire and Order](/static/guides/san-pham.png)](/static/guides/san-pham.png)

**Post a request for quotation.** For larger purchases open [Requests](/chao-mua/moi): what you
need, quantity, delivery place and deadline. Matching enterprises are told and send quotes; you
compare them and accept one, which becomes an order at the quoted price.

[![Posting a request for quotation](/static/guides/chao-mua.png)](/static/guides/chao-mua.png)

**Order and pay.** Order from a product page (from the minimum quantity); pay by bank transfer
(scan the VietQR code, write the order reference) or by card where the floor offers it.

## Department officers {#can-bo}

**Verify enterprises.** [Verification](/so-cong-thuong/xac-minh) lists the claims: approve,
reject with a reason, or ask for more information.

[![The verification queue](/static/guides/xac-minh.png)](/static/guides/xac-minh.png)

**Moderate listings.** [Moderation](/so-cong-thuong/kiem-duyet): approve or reject submitted
listings, take down infringing ones, handle reports.

[![The moderation queue](/static/guides/kiem-duyet.png)](/static/guides/kiem-duyet.png)

**Watch the rates.** [Participation](/theo-doi/) shows the participation (target 50%) and access
(target 80%) rates by period, commune, sector and size; Excel exports; the outreach list.

[![The participation dashboard](/static/guides/theo-doi.png)](/static/guides/theo-doi.png)

**The floor's content.** [Content](/so-cong-thuong/noi-dung): edit the About, Guide and Contact
pages and post news, trade-promotion events and market notices. Write in Markdown and use
"Preview" before saving; every earlier version is kept.

[![The announcement editor](/static/guides/soan-tin.png)](/static/guides/soan-tin.png)
"""

CONTACT_VI = """\
## Hỗ trợ doanh nghiệp và người mua

- **Nhận doanh nghiệp, xác minh tài khoản:** Phòng Quản lý thương mại, Sở Công Thương.
- **Đăng sản phẩm, nhập từ tệp Excel, chụp ảnh sản phẩm:** Trung tâm Khuyến công và Xúc tiến
  thương mại (hỗ trợ miễn phí tại trụ sở hoặc qua điện thoại).
- **Báo cáo sản phẩm vi phạm:** dùng nút "Báo cáo" trên trang sản phẩm, hoặc gửi thư điện tử.

Khi liên hệ, vui lòng cho biết **mã số doanh nghiệp** và thư điện tử đã dùng để đăng ký tài khoản.
"""

CONTACT_EN = """\
## Help for enterprises and buyers

- **Claiming an enterprise, account verification:** Trade Management Division of the Department.
- **Listing products, Excel imports, product photos:** the Industry Promotion and Trade Promotion
  Centre (free help at its office or by phone).
- **Reporting an infringing listing:** use the "Report" button on the product page, or e-mail us.

When you contact us, please give your **enterprise code** and the e-mail address of your account.
"""
