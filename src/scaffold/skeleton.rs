//! The skeleton of a new record of each kind: its front matter with a
//! Vietnamese comment on every field, and a body to fill in.

use super::yaml_quoted;
use crate::date::Date;
use crate::model::Kind;

/// The front matter and body of a new record of `kind`.
pub fn record_skeleton(kind: Kind, title: &str, today: Date) -> String {
    let title = yaml_quoted(title);
    let today = today.iso();
    let common = format!(
        "title: {title}              # Tiêu đề\n\
         published: {today}               # Ngày công khai (YYYY-MM-DD)\n\
         posted_until: {until}            # Niêm yết đến ngày (hoặc `permanent`); tối thiểu 30 ngày\n\
         disclosure_item: {item}                 # Khoản của Điều 11 Luật 10/2022/QH15 (1–14)\n\
         forms: [{forms}]    # Hình thức: office_posting, portal, loudspeaker, group_head, letter, conference, press, mass_organisation, social_network\n\
         {loudspeaker}\
         legal_basis: []                    # Căn cứ: số ký hiệu văn bản, ví dụ \"59/2023/NĐ-CP\"\n\
         # summary: \"\"                     # Tóm tắt một đoạn\n\
         # attachments: [files/ten-tep.pdf]  # Tệp đính kèm, đường dẫn tính từ thư mục hồ sơ\n\
         # status: draft                     # Bỏ dòng này để công khai\n\
         # supersedes: ma-ho-so-cu           # Hồ sơ này thay thế hồ sơ nào\n",
        // Items 7 and 9 also go on the loudspeaker (Art. 13.3).
        forms = if matches!(kind, Kind::Support | Kind::Callup) {
            "office_posting, portal, loudspeaker"
        } else {
            "office_posting, portal"
        },
        loudspeaker = if matches!(kind, Kind::Support | Kind::Callup) {
            format!(
                "loudspeaker_until: {}       # Phát trên hệ thống truyền thanh đến ngày (ít nhất 3 ngày)\n",
                today_plus(today.as_str(), 2)
            )
        } else {
            String::new()
        },
        until = if matches!(kind, Kind::Procedure | Kind::Document) {
            "permanent".to_string()
        } else {
            today_plus(today.as_str(), 30)
        },
        item = match kind {
            Kind::Plan => 1,
            Kind::Land => 3,
            Kind::Fund => 5,
            Kind::Dialogue => 14,
            Kind::Document => 14,
            Kind::Procedure => 13,
            Kind::Budget => 2,
            Kind::Asset => 6,
            Kind::Support => 7,
            Kind::Callup => 9,
            Kind::Inspection => 10,
            Kind::Consultation => 11,
            Kind::Fee => 12,
        },
    );
    let specific = match kind {
        Kind::Plan => format!(
            "number: \"/KH-UBND\"               # Số, ký hiệu\n\
             issuer: \"Ủy ban nhân dân phường\"  # Cơ quan ban hành\n\
             issued: {today}                  # Ngày ban hành\n\
             signer: \"\"                        # Người ký\n\
             signer_title: \"KT. CHỦ TỊCH – PHÓ CHỦ TỊCH\"\n\
             period: \"{year}\"                  # Thời kỳ\n\
             purpose: \"\"                       # Mục đích, yêu cầu\n\
             tasks:                             # Nhiệm vụ\n\
             \x20 - content: \"\"                   # Nội dung\n\
             \x20   lead: \"\"                      # Đơn vị chủ trì\n\
             \x20   support: []                   # Đơn vị phối hợp\n\
             \x20   deadline: \"Quý II/{year}\"     # Thời hạn: ngày, quý hoặc năm\n\
             \x20   deliverable: \"\"               # Sản phẩm\n\
             \x20   status: not_started           # not_started, in_progress, done, cancelled\n\
             \x20   progress: 0                   # Tiến độ (%)\n",
            year = &today[..4]
        ),
        Kind::Land => "stage: compensation_plan           # land_use_plan, annual_land_use_plan, recovery_notice, compensation_plan, approval_decision, resettlement, recovery_decision\n\
             project:\n\
             \x20 name: \"\"                         # Tên dự án\n\
             \x20 investor: \"\"                     # Chủ đầu tư\n\
             \x20 location: \"\"                     # Địa điểm\n\
             \x20 area_m2: 0                       # Diện tích (m²)\n\
             \x20 purpose: \"\"                      # Mục đích sử dụng đất\n\
             posting_places: [\"Trụ sở UBND phường\"]  # Nơi niêm yết\n\
             publish_holders: false             # true chỉ khi pháp luật yêu cầu công bố họ tên\n\
             # parcels_csv: thua-dat.csv        # Bảng thửa đất dài: tệp CSV bên cạnh\n\
             parcels:                           # Bảng thửa đất\n\
             \x20 - map_sheet: \"\"                  # Tờ bản đồ số\n\
             \x20   parcel_no: \"\"                  # Thửa số\n\
             \x20   area_m2: 0                     # Diện tích thu hồi (m²)\n\
             \x20   land_type: ODT                 # Loại đất\n\
             \x20   holder: \"\"                     # Người sử dụng đất (được che tên)\n\
             \x20   land: 0                        # Bồi thường về đất (đồng)\n\
             \x20   assets: 0                      # Bồi thường tài sản\n\
             \x20   relocation: 0                  # Hỗ trợ di dời\n\
             \x20   support: 0                     # Hỗ trợ khác\n\
             # consultation: {agree: 0, disagree: 0, other: 0}   # Kết quả lấy ý kiến\n\
             # dialogues: []                    # Mã các hồ sơ đối thoại liên quan\n"
            .to_string(),
        Kind::Fund => format!(
            "source: contribution               # contribution (đóng góp theo Điều 15), donation (ủng hộ), sponsorship (tài trợ)\n\
             purpose: \"\"                       # Mục đích sử dụng\n\
             decision:                          # Quyết định của cộng đồng dân cư\n\
             \x20 date: {today}\n\
             \x20 households_total: 0             # Tổng số hộ\n\
             \x20 households_agree: 0             # Số hộ đồng ý (phải đạt 2/3)\n\
             contribution_per_household: 0      # Mức đóng góp mỗi hộ (đồng)\n\
             period_start: {today}            # Kỳ báo cáo từ ngày\n\
             period_end: {today}              # đến ngày\n\
             opening_balance: 0                 # Số dư đầu kỳ\n\
             receipts: []                       # Thu: - {{date, from, amount, voucher}}\n\
             expenses: []                       # Chi: - {{date, item, amount, payee, voucher}}\n\
             # receipts_csv: thu.csv            # Sổ thu dài: tệp CSV bên cạnh\n\
             closing_balance: 0                 # Số dư cuối kỳ = đầu kỳ + thu − chi\n"
        ),
        Kind::Dialogue => format!(
            "dialogue_type: annual_conference   # annual_conference, pre_decision_hearing, affected_citizens_dialogue, community_conference, citizen_reception, land_dialogue, voter_meeting\n\
             held: {today}                    # Ngày tổ chức\n\
             time: \"08:00\"\n\
             place: \"Hội trường UBND phường\"   # Địa điểm\n\
             chair: \"\"                         # Chủ trì\n\
             attendance: 0                      # Số người dự\n\
             items:                             # Ý kiến, trả lời, cam kết\n\
             \x20 - question: \"\"                  # Nội dung ý kiến\n\
             \x20   area: \"\"                      # Khu phố\n\
             \x20   answer: \"\"                    # Trả lời\n\
             \x20   answered_by: \"\"\n\
             \x20   commitment: \"\"                # Cam kết (bỏ trống nếu không có)\n\
             \x20   responsible: \"\"               # Đơn vị thực hiện\n\
             \x20   deadline: {today}             # Thời hạn\n\
             \x20   status: open                  # open, in_progress, done, answered\n"
        ),
        Kind::Document => format!(
            "number: \"\"                        # Số, ký hiệu, ví dụ 72/KH-UBND\n\
             doc_type: \"Quyết định\"            # Loại văn bản\n\
             issuer: \"\"                        # Cơ quan ban hành\n\
             issued: {today}                  # Ngày ban hành\n\
             signer: \"\"                        # Người ký\n\
             signer_title: \"\"                  # TM., KT., TL. …\n\
             effect: in_force                   # in_force, not_yet, partly_expired, expired\n"
        ),
        Kind::Procedure => "code: \"\"                          # Mã thủ tục trên Cơ sở dữ liệu quốc gia\n\
             field: \"\"                         # Lĩnh vực\n\
             steps: [\"\"]                       # Trình tự thực hiện\n\
             submission: [\"Trực tiếp tại Bộ phận một cửa\", \"Trực tuyến\"]\n\
             dossier: [\"\"]                     # Thành phần hồ sơ\n\
             time_limit: \"\"                    # Thời hạn giải quyết\n\
             applicants: \"\"                    # Đối tượng thực hiện\n\
             authority: \"Ủy ban nhân dân phường\"\n\
             result: \"\"                        # Kết quả\n\
             fees: []                           # Phí, lệ phí: - {item, amount}\n"
            .to_string(),
        Kind::Budget => format!(
            "stage: estimate_approved           # estimate_submitted, estimate_approved, execution, final_accounts\n\
             fiscal_year: {year}                 # Năm ngân sách\n\
             # period: q1                       # Kỳ báo cáo thực hiện: q1, q2, q3, q4, half_year, year\n\
             decision:                          # Văn bản: nghị quyết HĐND, tờ trình, báo cáo\n\
             \x20 number: \"/NQ-HĐND\"            # Số, ký hiệu\n\
             \x20 date: {today}                 # Ngày ban hành (dự toán trình: ngày gửi đại biểu HĐND)\n\
             \x20 issuer: \"Hội đồng nhân dân phường\"\n\
             form: \"Biểu số 108/CK TC-NSNN\"    # Biểu mẫu theo Thông tư 343/2016/TT-BTC\n\
             balance:                           # Cân đối ngân sách; total_of: revenue/expenditure đánh dấu dòng tổng\n\
             \x20 - {{code: A, name: \"Tổng thu ngân sách phường\", total_of: revenue, estimate: 0}}\n\
             \x20 - {{code: B, name: \"Tổng chi ngân sách phường\", total_of: expenditure, estimate: 0}}\n\
             revenue:                           # Thu: code, parent (mã dòng cha), name, estimate, execution (đồng)\n\
             \x20 - {{code: I, name: \"Thu ngân sách phường được hưởng theo phân cấp\", estimate: 0}}\n\
             expenditure:                       # Chi; dòng \"trong đó\" ghi of_which: true\n\
             \x20 - {{code: I, name: \"Chi thường xuyên\", estimate: 0}}\n\
             # investment: []                   # Chi đầu tư phát triển\n\
             # other_activities: []             # Thu, chi các hoạt động tài chính khác\n\
             # audit: []                        # Kiến nghị của Kiểm toán nhà nước: - {{recommendation, status, action}}\n",
            year = &today[..4]
        ),
        Kind::Asset => format!(
            "managing_unit: \"Ủy ban nhân dân phường\"  # Đơn vị quản lý\n\
             as_of: {today}                   # Số liệu đến ngày\n\
             assets:                            # Danh mục tài sản\n\
             \x20 - code: \"TS-01\"               # Mã tài sản\n\
             \x20   name: \"\"                      # Tên tài sản\n\
             \x20   category: \"Máy móc, thiết bị\"  # Loại: Nhà, công trình; Xe ô tô; Máy móc, thiết bị…\n\
             \x20   quantity: 1                   # Số lượng\n\
             \x20   unit: \"cái\"                  # Đơn vị tính\n\
             \x20   original_value: 0             # Nguyên giá (đồng)\n\
             \x20   residual_value: 0             # Giá trị còn lại (đồng)\n\
             \x20   user_unit: \"\"                 # Đơn vị sử dụng\n\
             \x20   status: in_use                # in_use, unused, leased, pending_disposal, disposed\n\
             actions: []                        # Việc xử lý: - {{date, action, asset, decision, decision_date, amount, counterparty}}\n\
             # action: construction, purchase, assignment, rent_in, rental, recovery, transfer, conversion, sale, liquidation, destruction\n"
        ),
        Kind::Support => format!(
            "policy: \"\"                        # Tên chính sách\n\
             # programme: \"\"                  # Chương trình mục tiêu quốc gia (nếu có)\n\
             criteria: [\"\"]                  # Tiêu chí, đối tượng\n\
             selection:                         # Họp bình xét\n\
             \x20 meeting_date: {today}\n\
             \x20 proposed: 0                     # Số hộ được đề nghị\n\
             \x20 approved: 0                     # Số hộ được bình xét (bằng số dòng danh sách)\n\
             # decision: {{number: \"/QĐ-UBND\", date: {today}}}   # Quyết định phê duyệt danh sách\n\
             # publish_names: [beneficiaries.head]   # Công bố đầy đủ họ tên chủ hộ (chỉ khi pháp luật yêu cầu)\n\
             beneficiaries: []                  # Danh sách: - {{head, group, category, amount, support, status}}\n"
        ),
        Kind::Callup => format!(
            "service: military                  # military (nghĩa vụ quân sự), police (tham gia Công an nhân dân)\n\
             year: {year}                         # Năm gọi nhập ngũ\n\
             quota: 0                           # Chỉ tiêu giao\n\
             criteria: [\"\"]                  # Tiêu chuẩn\n\
             eligible: 0                        # Số công dân đủ điều kiện\n\
             deferred: 0                        # Số được tạm hoãn\n\
             exempt: 0                          # Số được miễn\n\
             # decision: {{number: \"/QĐ-UBND\", date: {today}}}   # Quyết định gọi nhập ngũ\n\
             # publish_names: [called.name]     # Công bố đầy đủ họ tên (khoản 9 Điều 11)\n\
             called: []                         # Danh sách: - {{name, birth_year, group, unit, date}}\n",
            year = &today[..4]
        ),
        Kind::Inspection => format!(
            "inspection_type: inspection        # inspection (thanh tra, kiểm tra), discipline (kỷ luật), corruption_case (tham nhũng, tiêu cực), confidence_vote (tín nhiệm)\n\
             subject: \"\"                       # Nội dung, đối tượng thanh tra, kiểm tra\n\
             conducted_by: \"\"                  # Cơ quan thực hiện\n\
             conclusion:                        # Văn bản kết luận\n\
             \x20 number: \"/KL-UBND\"            # Số, ký hiệu\n\
             \x20 issued: {today}               # Ngày ban hành\n\
             \x20 issuer: \"Ủy ban nhân dân phường\"\n\
             findings: []                       # Kết quả, những việc phát hiện\n\
             recommendations: []                # Kiến nghị: - {{content, responsible, deadline, status: open|in_progress|done, result}}\n\
             recoveries: []                     # Thu hồi: - {{item, due, recovered}} (đồng)\n\
             persons: []                        # Người bị xử lý: - {{name, position, measure, decision}} (tên được viết tắt)\n\
             # vote:                            # Lấy phiếu tín nhiệm (inspection_type: confidence_vote)\n\
             #   method: rating                 # rating (lấy phiếu), ballot (bỏ phiếu)\n\
             #   held: {today}\n\
             #   members: 0                     # Tổng số đại biểu HĐND\n\
             #   voters: 0                      # Số đại biểu tham gia\n\
             #   holders: []                    # - {{name, title, high, confidence, low}}\n"
        ),
        Kind::Consultation => format!(
            "draft: \"\"                         # Dự thảo đưa ra lấy ý kiến\n\
             matter: 5                          # Khoản của Điều 25 Luật 10/2022/QH15 (1–9)\n\
             plan: \"/KH-UBND\"                 # Kế hoạch lấy ý kiến (Điều 28)\n\
             asked: \"\"                         # Đối tượng được lấy ý kiến\n\
             methods: [community_meeting, household_forms, portal]  # conference, community_meeting, household_forms, mailbox_hotline, front_committee, portal, social_network, affected_citizens\n\
             opened: {today}                  # Ngày công khai nội dung lấy ý kiến\n\
             closed: {closed}                  # Ngày cuối nhận ý kiến (ít nhất 20 ngày)\n\
             # responses: 0                     # Tổng số ý kiến nhận được\n\
             opinions: []                       # Tổng hợp: - {{topic, agree, disagree, other, accepted: accepted|partly|not_accepted, explanation}}\n\
             # decision: {{number: \"\", date: {today}}}   # Quyết định ban hành sau khi lấy ý kiến\n",
            closed = today_plus(today.as_str(), 20)
        ),
        Kind::Fee => format!(
            "collector: \"Ủy ban nhân dân phường\"  # Đơn vị thu\n\
             effective_from: {today}          # Áp dụng từ ngày\n\
             fees:                              # Các khoản thu\n\
             \x20 - name: \"Phí chứng thực chữ ký\"  # Tên khoản (ví dụ: sửa theo biểu của phường)\n\
             \x20   fee_kind: fee                 # charge (lệ phí), fee (phí), other (nghĩa vụ tài chính khác)\n\
             \x20   legal_basis: \"226/2016/TT-BTC\"  # Văn bản quy định mức thu\n\
             \x20   unit: \"trường hợp\"           # Đơn vị tính\n\
             \x20   rate: 10000                   # Mức thu (đồng), lớn hơn 0\n\
             \x20   payers: \"Người yêu cầu chứng thực\"  # Đối tượng nộp\n\
             \x20   exempt: null                  # Đối tượng miễn, giảm\n"
        ),
    };
    format!("---\n{common}{specific}---\n\nNội dung hồ sơ viết bằng Markdown.\n")
}

/// The last day of a posting of `days` from `iso`, counted by the embedded
/// law's rule (Civil Code Art. 147: the day of posting is not counted).
fn today_plus(iso: &str, days: u32) -> String {
    let law = crate::law::Law::default();
    Date::parse(iso)
        .ok()
        .and_then(|d| law.period_end(d, days))
        .map_or_else(|| iso.to_string(), |d| d.iso())
}
