//! The index of diagnostic codes: each with its short title in Vietnamese
//! and English, as `docs/diagnostics.md` lists them.

/// Every diagnostic code with its short title in Vietnamese and English. The
/// list is the index of `docs/diagnostics.md`; a test keeps the two, and the
/// codes used in the sources, in step.
pub const CODES: &[(&str, &str, &str)] = &[
    (
        "E0001",
        "không đọc được tệp cấu hình",
        "configuration file unreadable",
    ),
    ("E0002", "cấu hình sai", "invalid configuration"),
    (
        "E0003",
        "không đọc được thư mục",
        "folder missing or unreadable",
    ),
    (
        "E0004",
        "tên thư mục phường không hợp lệ",
        "invalid ward folder name",
    ),
    (
        "E0005",
        "thư mục dùng chung chỉ chứa văn bản",
        "shared folder holds only documents",
    ),
    (
        "E0006",
        "thư mục không phải loại hồ sơ",
        "folder is not a record kind",
    ),
    ("E0007", "không có phường này", "no such ward"),
    ("E0010", "không đọc được tệp", "file unreadable"),
    ("E0011", "tệp quá lớn", "file too large"),
    ("E0012", "tệp không phải UTF-8", "file is not UTF-8"),
    ("E0013", "tệp chứa ký tự NUL", "file contains NUL bytes"),
    (
        "E0014",
        "văn bản mã cũ (TCVN3/VNI)",
        "legacy Vietnamese encoding (TCVN3/VNI)",
    ),
    ("E0015", "YAML quá phức tạp", "YAML too complex"),
    ("E0016", "không phải tệp thường", "not a regular file"),
    (
        "E0017",
        "ký tự điều khiển trong giá trị",
        "control character in a value",
    ),
    ("W0018", "hồ sơ không được đọc", "record not read"),
    (
        "N0019",
        "tệp không được đăng vì chỗ đặt",
        "file not published where it is",
    ),
    ("E0020", "không ghi được trang", "cannot write the site"),
    (
        "E0021",
        "thư mục đầu ra không an toàn",
        "unsafe output folder",
    ),
    (
        "E0022",
        "thư mục đầu ra không phải trang congkhai",
        "output folder is not a congkhai site",
    ),
    (
        "E0023",
        "đầu ra không phải thư mục",
        "output is not a folder",
    ),
    (
        "E0024",
        "`output_dir` trỏ ra ngoài kho",
        "`output_dir` leaves the repository",
    ),
    (
        "E0025",
        "thư mục tạm hay tệp khoá lạ",
        "foreign staging folder or lock file",
    ),
    ("E0026", "đang có lần dựng khác", "another build is writing"),
    (
        "E0027",
        "không ghi được gói ngoại tuyến",
        "cannot write the offline bundle",
    ),
    (
        "E0028",
        "đầu vào của trang cổng không dùng được",
        "portal input unusable",
    ),
    (
        "E0029",
        "phường trùng giữa các đầu vào",
        "ward in two portal inputs",
    ),
    (
        "W0020",
        "không xoá được trang cũ",
        "previous site not removed",
    ),
    (
        "W0021",
        "không ghi được bộ nhớ đệm",
        "build cache not written",
    ),
    (
        "N0020",
        "lỗi ở phường không dựng lần này",
        "findings in wards not built this time",
    ),
    ("N0030", "kho không nằm trong git", "repository not in git"),
    ("W0030", "bản sao git nông", "shallow git clone"),
    (
        "W0031",
        "không đọc được lịch sử git",
        "git history unreadable",
    ),
    ("E0100", "lỗi cú pháp YAML", "YAML syntax error"),
    (
        "E0101",
        "thiếu phần khai báo đầu tệp",
        "missing front matter",
    ),
    ("E0102", "thiếu trường bắt buộc", "missing required field"),
    ("E0103", "sai kiểu dữ liệu", "wrong type or value"),
    ("E0104", "trường không có trong loại hồ sơ", "unknown field"),
    ("E0105", "mã hồ sơ không hợp lệ", "invalid record id"),
    (
        "E0106",
        "loại hồ sơ không khớp thư mục",
        "kind does not match folder",
    ),
    ("E0107", "khóa bị lặp lại", "duplicate key"),
    ("E0108", "số tiền không hợp lệ", "invalid amount of money"),
    ("E0109", "ngày không hợp lệ", "invalid date"),
    (
        "E0110",
        "khoản Điều 11 không hợp lệ",
        "invalid Art. 11 item",
    ),
    (
        "E0111",
        "ngày kết thúc trước ngày công khai",
        "end date before publication",
    ),
    (
        "E0112",
        "niêm yết ngắn hơn tối thiểu",
        "posting shorter than the minimum",
    ),
    (
        "W0113",
        "nội dung phải công khai thường xuyên",
        "item must be posted permanently",
    ),
    ("W0114", "công khai chậm", "late disclosure"),
    (
        "W0116",
        "loại hồ sơ không mang khoản này của Điều 11",
        "the kind does not carry this Art. 11 item",
    ),
    (
        "W0117",
        "nội dung phải niêm yết tại trụ sở",
        "item must be posted at the office",
    ),
    (
        "E0118",
        "phát truyền thanh ngắn hơn tối thiểu",
        "loudspeaker shorter than the minimum",
    ),
    (
        "W0119",
        "thiếu ngày phát truyền thanh",
        "loudspeaker dates missing",
    ),
    (
        "E0115",
        "lấy ý kiến ngắn hơn tối thiểu",
        "consultation shorter than the minimum",
    ),
    (
        "E0120",
        "đường dẫn ra ngoài kho",
        "path leaves the repository",
    ),
    ("E0121", "không tìm thấy tệp", "file not found"),
    ("E0122", "tệp đính kèm quá lớn", "attachment too large"),
    (
        "N0123",
        "đường dẫn kiểu Windows được đọc lại",
        "Windows path read with slashes",
    ),
    (
        "N0124",
        "tên tệp ở dạng Unicode khác",
        "file name in another Unicode form",
    ),
    (
        "E0123",
        "tệp đính kèm HTML/SVG không được đăng",
        "HTML/SVG attachment not published",
    ),
    ("E0130", "dòng CSV sai", "invalid CSV row"),
    ("E0131", "bảng quá nhiều dòng", "table has too many rows"),
    (
        "W0140",
        "liên kết không an toàn bị bỏ",
        "unsafe link removed",
    ),
    ("N0141", "HTML hiển thị dạng chữ", "raw HTML shown as text"),
    (
        "W0142",
        "chú thích không có nội dung",
        "footnote without definition",
    ),
    (
        "E0210",
        "ngày ban hành sau ngày công khai",
        "issued after publication",
    ),
    ("E0211", "tiến độ vượt 100%", "progress above 100%"),
    (
        "E0212",
        "đã xong nhưng tiến độ chưa đủ",
        "done but progress below 100%",
    ),
    ("W0220", "số ký hiệu lạ", "unusual document number"),
    (
        "E0221",
        "hiệu lực trước ngày ban hành",
        "effective before issued",
    ),
    ("E0230", "thủ tục không có bước", "procedure without steps"),
    (
        "W0231",
        "thủ tục phải niêm yết thường xuyên",
        "procedure must be posted permanently",
    ),
    (
        "N0238",
        "một người nộp hai lần trong kỳ",
        "one payer twice in a period",
    ),
    (
        "E0240",
        "kỳ báo cáo sai",
        "reporting period ends before it starts",
    ),
    (
        "E0241",
        "ngày ngoài kỳ báo cáo",
        "date outside the reporting period",
    ),
    ("E0242", "vượt giới hạn tính toán", "amount overflow"),
    ("E0243", "chi vượt quá thu", "expenses exceed funds"),
    (
        "E0244",
        "số dư cuối kỳ không khớp",
        "closing balance does not add up",
    ),
    (
        "E0245",
        "số hộ đồng ý lớn hơn tổng số hộ",
        "more households agree than exist",
    ),
    (
        "E0246",
        "chưa đạt 2/3 số hộ",
        "contribution below two thirds of households",
    ),
    (
        "E0247",
        "đóng góp thiếu quyết định cộng đồng",
        "contribution without a decision",
    ),
    (
        "W0248",
        "số dư đầu kỳ khác số dư cuối kỳ trước",
        "opening balance differs from the previous closing",
    ),
    (
        "W0249",
        "số dư quỹ xuống dưới 0 trong kỳ",
        "fund balance goes below zero during the period",
    ),
    (
        "E0250",
        "tổng bồi thường của thửa sai",
        "parcel total does not add up",
    ),
    (
        "E0251",
        "niêm yết đất đai ngắn hơn tối thiểu",
        "land posting shorter than the minimum",
    ),
    (
        "W0252",
        "quy hoạch sử dụng đất công bố muộn",
        "land-use plan published late",
    ),
    (
        "W0253",
        "quy hoạch sử dụng đất không công khai suốt kỳ",
        "land-use plan not public for its whole period",
    ),
    (
        "W0254",
        "thông báo thu hồi đất chưa đủ thời gian",
        "land-recovery notice too short",
    ),
    (
        "W0255",
        "đối thoại về phương án bồi thường quá hạn",
        "dialogue on a compensation plan overdue",
    ),
    (
        "E0260",
        "đối thoại sau ngày công khai",
        "dialogue held after publication",
    ),
    (
        "E0261",
        "hạn trước ngày đối thoại",
        "deadline before the dialogue",
    ),
    (
        "E0262",
        "có hạn nhưng không có cam kết",
        "deadline without a commitment",
    ),
    (
        "E0301",
        "mã đơn vị không đủ 5 chữ số",
        "unit code is not 5 digits",
    ),
    (
        "E0302",
        "mã đơn vị không có trong danh mục",
        "unit code not in the national list",
    ),
    (
        "E0303",
        "tên hoặc tỉnh không khớp mã",
        "name or province does not match the code",
    ),
    ("E0304", "hai phường cùng mã", "two wards with one code"),
    (
        "W0320",
        "năm không có hội nghị đối thoại",
        "a year without a dialogue conference",
    ),
    ("E0310", "trùng mã hồ sơ", "duplicate record id"),
    (
        "E0311",
        "hồ sơ được thay thế không tồn tại",
        "superseded record not found",
    ),
    (
        "E0312",
        "không có hồ sơ đối thoại",
        "dialogue record not found",
    ),
    (
        "N0313",
        "căn cứ chưa có trong kho",
        "legal basis not in the repository",
    ),
    (
        "N0314",
        "số hiệu khớp nhiều văn bản",
        "reference matches several documents",
    ),
    (
        "N0315",
        "văn bản được dẫn chưa có trong kho",
        "cited document not in the repository",
    ),
    (
        "E0401",
        "không đọc được tệp giao diện",
        "theme file unreadable",
    ),
    (
        "E0402",
        "giao diện thiếu ngôn ngữ",
        "theme lacks the language",
    ),
    ("E0403", "tệp ngôn ngữ sai", "invalid language file"),
    ("E0404", "lỗi giao diện", "template error"),
];
