//! `congkhai new`: record skeletons whose fields carry Vietnamese comments,
//! and ward profiles filled in from the national list of units.

use crate::date::Date;
use crate::model::Kind;
use std::path::{Path, PathBuf};

/// The front matter and body of a new record of `kind`.
pub fn record_skeleton(kind: Kind, title: &str, today: Date) -> String {
    let title = title.replace('"', "'");
    let today = today.iso();
    let common = format!(
        "title: \"{title}\"              # Tiêu đề\n\
         published: {today}               # Ngày công khai (YYYY-MM-DD)\n\
         posted_until: {until}            # Niêm yết đến ngày (hoặc `permanent`); tối thiểu 30 ngày\n\
         disclosure_item: {item}                 # Khoản của Điều 11 Luật 10/2022/QH15 (1–14)\n\
         forms: [office_posting, portal]    # Hình thức: office_posting, portal, loudspeaker, group_head, letter, conference, press, mass_organisation, social_network\n\
         legal_basis: []                    # Căn cứ: số ký hiệu văn bản, ví dụ \"59/2023/NĐ-CP\"\n\
         # summary: \"\"                     # Tóm tắt một đoạn\n\
         # attachments: [files/ten-tep.pdf]  # Tệp đính kèm, đường dẫn tính từ thư mục hồ sơ\n\
         # status: draft                     # Bỏ dòng này để công khai\n\
         # supersedes: ma-ho-so-cu           # Hồ sơ này thay thế hồ sơ nào\n",
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

/// Writes a new record file; refuses to overwrite one.
pub fn new_record(
    content: &Path,
    ward: &str,
    kind: Kind,
    title: &str,
    today: Date,
) -> Result<PathBuf, String> {
    let ward_dir = content.join(ward);
    if !ward_dir.join(crate::load::WARD_FILE).is_file() {
        return Err(format!(
            "không có phường `{ward}` (thiếu {}/ward.yaml)",
            ward_dir.display()
        ));
    }
    let slug = crate::text::slugify(title);
    if slug.is_empty() {
        return Err("tiêu đề cần có chữ hoặc số để đặt tên tệp".into());
    }
    let slug: String = slug
        .chars()
        .take(80)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string();
    let path = ward_dir.join(kind.slug()).join(format!("{slug}.md"));
    if path.exists() {
        return Err(format!("tệp {} đã có; chọn tiêu đề khác", path.display()));
    }
    std::fs::create_dir_all(path.parent().unwrap_or(&ward_dir)).map_err(|e| e.to_string())?;
    std::fs::write(&path, record_skeleton(kind, title, today)).map_err(|e| e.to_string())?;
    Ok(path)
}

/// Writes a new ward profile from the national list.
pub fn new_ward(content: &Path, code: &str, slug: Option<&str>) -> Result<PathBuf, String> {
    let unit = crate::units::lookup(code)
        .ok_or_else(|| format!("mã `{code}` không có trong danh mục đơn vị hành chính 2025"))?;
    let slug = slug.map(str::to_string).unwrap_or_else(|| {
        let s = crate::text::slugify(unit.name);
        s.strip_prefix("phuong-")
            .or_else(|| s.strip_prefix("xa-"))
            .or_else(|| s.strip_prefix("dac-khu-"))
            .unwrap_or(&s)
            .to_string()
    });
    if !crate::text::is_slug(&slug) {
        return Err(format!("tên thư mục `{slug}` không hợp lệ"));
    }
    let path = content.join(&slug).join(crate::load::WARD_FILE);
    if path.exists() {
        return Err(format!("{} đã có", path.display()));
    }
    std::fs::create_dir_all(content.join(&slug)).map_err(|e| e.to_string())?;
    let text = format!(
        "code: \"{}\"            # Mã đơn vị hành chính (5 chữ số)\n\
         name: \"{}\"\n\
         province: \"{}\"\n\
         established: 2025-07-01       # Ngày thành lập\n\
         # established_by: \"1685/NQ-UBTVQH15\"   # Nghị quyết thành lập\n\
         former_units: []               # Các đơn vị cũ: - {{name: \"Phường 1\", district: \"Quận 3\"}}\n\
         address: \"\"                    # Địa chỉ trụ sở\n\
         phone: \"\"\n\
         email: \"\"\n\
         office_hours: \"Thứ Hai – Thứ Sáu, 7:30–11:30 và 13:00–17:00\"\n",
        unit.code, unit.name, unit.province
    );
    std::fs::write(&path, text).map_err(|e| e.to_string())?;
    Ok(path)
}
