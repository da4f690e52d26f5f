//! Hostile content: XSS payloads in every text field of every kind of
//! record, in the ward profile, the configuration, CSV cells, attachment
//! names and the Markdown body. The site is built with raw HTML escaped (the
//! default) and sanitised, and every generated page is parsed: no script but
//! the theme's own, no `on*=` handler, no `javascript:`/`data:` address, and
//! (when escaping) no element the clean site does not have.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg/onload=alert(1)>",
    "javascript:alert(1)",
    "</script><script>alert(1)</script>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<a href=\"javascript:alert(1)\">bấm</a>",
    "{{ 7*7 }}{% raw %}<b onmouseover=alert(1)>x</b>",
    "<style>body{display:none}</style>",
    "\u{2028}\u{2029}</title><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "data:text/html,<script>alert(1)</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "[bấm](javascript:alert(1)) ![x](javascript:alert(1))",
    "<img src=x onerror=alert(1)//",
    "<details open ontoggle=alert(1)>",
];

/// Payload `i` (cycling), as a YAML double-quoted scalar.
fn q(i: usize) -> String {
    let p = PAYLOADS[i % PAYLOADS.len()];
    let mut out = String::from("\"");
    for c in p.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Payload `i` as a CSV cell.
fn cell(i: usize) -> String {
    format!("\"{}\"", PAYLOADS[i % PAYLOADS.len()].replace('"', "\"\""))
}

const BODY: &str = r#"# Tiêu đề {onclick=alert(1) .evil #x}

<script>alert(1)</script>

<img src=x onerror=alert(1)>

[bấm](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html;base64,PHNjcmlwdD4=) <javascript:alert(1)> [d](  java	script:alert(1))

![x](javascript:alert(1)) ![y](https://evil.example/x.png) ![z](data:image/svg+xml,<svg onload=alert(1)>)

[dùng tham chiếu][ref] và [e](vbscript:msgbox(1))

[ref]: javascript:alert(1)

Chú thích[^1].

[^1]: <svg onload=alert(1)> [f](javascript:alert(1))

| <b onclick=x>a</b> | b |
|---|---|
| <script>x</script> | [z](vbscript:msgbox) |

<details open ontoggle=alert(1)><summary>x</summary></details>

<a href="&#106;avascript:alert(1)">g</a> <a href="java&#x09;script:alert(1)">h</a>

<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>

<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">

<base href="javascript:alert(1)//"><meta http-equiv="refresh" content="0;url=javascript:alert(1)">
"#;

/// Writes a repository whose every text field holds a payload.
fn hostile_repo(root: &Path, raw_html: &str) {
    let w = |rel: &str, text: String| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    w(
        "congkhai.toml",
        format!(
            "title = {}\ndescription = {}\n[markdown]\nraw_html = \"{raw_html}\"\n",
            q(0),
            q(1)
        ),
    );
    w(
        "content/ban-co/ward.yaml",
        format!(
            "code: \"27154\"\nname: Phường Bàn Cờ\nprovince: Thành phố Hồ Chí Minh\n\
             established_by: {}\nformer_units:\n  - {{name: {}, district: {}}}\n\
             address: {}\nphone: {}\nemail: {}\nwebsite: {}\noffice_hours: {}\nabout: {}\n",
            q(2),
            q(3),
            q(4),
            q(5),
            q(6),
            q(7),
            q(3),
            q(9),
            q(13)
        ),
    );
    let common = |i: usize, item: u8, extra: &str| {
        format!(
            "title: {}\nsummary: {}\npublished: 2026-10-01\nposted_until: permanent\n\
             disclosure_item: {item}\nforms: [portal]\nlegal_basis: [{}, \"10/2022/QH15\"]\n{extra}",
            q(i),
            q(i + 1),
            q(i + 2)
        )
    };
    let record = |front: String| format!("---\n{front}---\n{BODY}");
    w(
        "content/ban-co/plan/ke-hoach.md",
        record(common(
            0,
            1,
            &format!(
                "number: {}\nissuer: {}\nissued: 2026-09-30\nsigner: {}\nsigner_title: {}\n\
                 period: {}\npurpose: {}\ntasks:\n  - content: {}\n    lead: {}\n    support: [{}]\n\
                 \x20   deadline: 2026-12-31\n    deliverable: {}\n    milestones:\n      - {{date: 2026-10-01, note: {}}}\n",
                q(3),
                q(4),
                q(5),
                q(6),
                q(7),
                q(13),
                q(8),
                q(9),
                q(10),
                q(11),
                q(12)
            ),
        )),
    );
    w(
        "content/ban-co/land/dat.md",
        record(common(
            1,
            3,
            &format!(
                "stage: compensation_plan\nproject: {{name: {}, investor: {}, location: {}, purpose: {}}}\n\
                 posting_places: [{}, {}]\nparcels:\n  - {{map_sheet: {}, parcel_no: {}, area_m2: 20, land_type: {}, \
                 holder: {}, land: 100, resettlement: {}}}\nparcels_csv: thua.csv\npublish_holders: true\n",
                q(2),
                q(3),
                q(4),
                q(5),
                q(6),
                q(7),
                q(8),
                q(9),
                q(10),
                q(11),
                q(12)
            ),
        )),
    );
    w(
        "content/ban-co/land/thua.csv",
        format!(
            "map_sheet,parcel_no,area_m2,land_type,holder,land,resettlement\n{},{},18,{},{},1200000,{}\n",
            cell(0),
            cell(1),
            cell(2),
            cell(4),
            cell(5)
        ),
    );
    w(
        "content/ban-co/fund/quy.md",
        record(common(
            2,
            5,
            &format!(
                "source: donation\npurpose: {}\nperiod_start: 2026-07-01\nperiod_end: 2026-09-30\n\
                 receipts:\n  - {{date: 2026-07-02, from: {}, amount: 100, voucher: {}}}\n\
                 receipts_csv: thu.csv\nexpenses:\n  - {{date: 2026-08-01, item: {}, amount: 50, payee: {}, voucher: {}}}\n\
                 closing_balance: 250\npublish_donors: true\n\
                 attachments:\n  - {{path: \"files/<svg onload=alert(1)>.txt\", title: {}}}\n  - \"files/\\\"><img src=x onerror=alert(1)>.txt\"\n",
                q(13),
                q(4),
                q(5),
                q(6),
                q(7),
                q(8),
                q(9)
            ),
        )),
    );
    w(
        "content/ban-co/fund/thu.csv",
        format!(
            "date,from,amount,voucher\n2026-07-03,{},200,{}\n",
            cell(0),
            cell(4)
        ),
    );
    w(
        "content/ban-co/fund/files/<svg onload=alert(1)>.txt",
        "tệp".into(),
    );
    w(
        "content/ban-co/fund/files/\"><img src=x onerror=alert(1)>.txt",
        "tệp".into(),
    );
    w(
        "content/ban-co/dialogue/doi-thoai.md",
        record(common(
            3,
            11,
            &format!(
                "dialogue_type: annual_conference\nheld: 2026-09-30\ntime: {}\nplace: {}\nchair: {}\n\
                 convened_by: {}\nitems:\n  - question: {}\n    asked_by: {}\n    area: {}\n    topic: {}\n\
                 \x20   answer: {}\n    answered_by: {}\n    commitment: {}\n    responsible: {}\n\
                 \x20   deadline: 2026-10-30\n    closed_by: {}\n",
                q(4),
                q(5),
                q(6),
                q(7),
                q(8),
                q(9),
                q(10),
                q(11),
                q(12),
                q(13),
                q(14),
                q(15),
                q(0)
            ),
        )),
    );
    w(
        "content/ban-co/document/van-ban.md",
        record(common(
            4,
            4,
            &format!(
                "number: {}\ndoc_type: {}\nissuer: {}\nissued: 2026-09-30\nsigner: {}\nsigner_title: {}\n\
                 replaces: [{}]\namends: [{}]\nsource_url: {}\n",
                q(5),
                q(6),
                q(7),
                q(8),
                q(9),
                q(10),
                q(11),
                q(3)
            ),
        )),
    );
    w(
        "content/ban-co/procedure/thu-tuc.md",
        record(common(
            5,
            13,
            &format!(
                "code: {}\nfield: {}\nsteps: [{}, {}]\nsubmission: [{}]\ndossier: [{}]\ntime_limit: {}\n\
                 applicants: {}\nauthority: {}\nresult: {}\nfees:\n  - {{item: {}, amount: 1000}}\nonline_url: {}\n",
                q(6),
                q(7),
                q(8),
                q(9),
                q(10),
                q(11),
                q(12),
                q(13),
                q(14),
                q(15),
                q(0),
                q(11)
            ),
        )),
    );
    w(
        "content/_shared/document/luat.md",
        format!(
            "---\ntitle: {}\npublished: 2022-11-10\nposted_until: permanent\ndisclosure_item: 4\n\
             number: \"10/2022/QH15\"\ndoc_type: Luật\nissuer: Quốc hội\nissued: 2022-11-10\n---\n{BODY}",
            q(1)
        ),
    );
}

/// A start tag: its name, attributes, and (for `script`) its content.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    raw: String,
    content: String,
}

/// A small HTML tokenizer, enough to list start tags and attributes.
fn start_tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"<!--") {
            i = html[i..].find("-->").map_or(b.len(), |j| i + j + 3);
            continue;
        }
        if b[i] != b'<' || i + 1 >= b.len() || !b[i + 1].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let name_end = html[i..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .map_or(b.len(), |j| i + j);
        let name = html[i..name_end].to_ascii_lowercase();
        i = name_end;
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i += 1;
                break;
            }
            let an_end = html[i..]
                .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/')
                .map_or(b.len(), |j| i + j);
            let an = html[i..an_end].to_ascii_lowercase();
            i = an_end.max(i + 1);
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let quote = b[i] as char;
                    let end = html[i + 1..].find(quote).map_or(b.len(), |j| i + 1 + j);
                    value = html[i + 1..end].to_string();
                    i = end + 1;
                } else {
                    let end = html[i..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .map_or(b.len(), |j| i + j);
                    value = html[i..end].to_string();
                    i = end;
                }
            }
            attrs.push((an, value));
        }
        let raw = html[start..i.min(b.len())].to_string();
        let mut content = String::new();
        if name == "script" {
            let rest = &html[i.min(b.len())..];
            let end = rest
                .to_ascii_lowercase()
                .find("</script")
                .unwrap_or(rest.len());
            content = rest[..end].to_string();
            i += end;
        }
        out.push(Tag {
            name,
            attrs,
            raw,
            content,
        });
    }
    out
}

/// Decodes character references and drops whitespace and controls, the way
/// a browser reads a URL attribute before looking at its scheme.
fn url_as_browser_reads(v: &str) -> String {
    let mut out = String::new();
    let mut rest = v;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let semi = rest.find(';').unwrap_or(rest.len());
        let entity = &rest[1..semi.min(rest.len())];
        let decoded = if let Some(hex) = entity
            .strip_prefix("#x")
            .or_else(|| entity.strip_prefix("#X"))
        {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = entity.strip_prefix('#') {
            dec.parse().ok().and_then(char::from_u32)
        } else {
            match entity {
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = rest.get(semi + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase()
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "html") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn build(root: &Path, out: &Path) {
    common::build_ok(root, out, "2026-11-22", &["--quiet"]);
}

/// Element names, and attribute names prefixed with `@`, on the pages of
/// the clean corpus base repository.
fn clean_vocabulary() -> BTreeSet<String> {
    let dir = tempfile::tempdir().unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check/base");
    build(&base, &dir.path().join("out"));
    html_files(&dir.path().join("out"))
        .iter()
        .flat_map(|f| start_tags(&std::fs::read_to_string(f).unwrap()))
        .flat_map(|t| {
            let attrs: Vec<String> = t.attrs.iter().map(|(n, _)| format!("@{n}")).collect();
            std::iter::once(signature(&t))
                .chain(std::iter::once(t.name))
                .chain(attrs)
        })
        .collect()
}

/// An element's name with its attribute names: `sig:form:action,class,…`.
fn signature(t: &Tag) -> String {
    let mut names: Vec<&str> = t.attrs.iter().map(|(n, _)| n.as_str()).collect();
    names.sort();
    format!("sig:{}:{}", t.name, names.join(","))
}

/// Every way a page could run the payloads, as a list of findings.
fn problems(out: &Path, allowed_names: &BTreeSet<String>, escaping: bool) -> Vec<String> {
    const NEVER: &[&str] = &[
        "iframe", "object", "embed", "svg", "math", "style", "form", "input", "textarea", "button",
        "base", "frame", "frameset", "applet", "template", "noscript",
    ];
    const URL_ATTRS: &[&str] = &[
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "background",
        "poster",
        "data",
        "cite",
        "longdesc",
    ];
    let mut found = Vec::new();
    let pages = html_files(out);
    assert!(pages.len() > 10, "the site has pages");
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        let rel = page.strip_prefix(out).unwrap().display().to_string();
        for tag in start_tags(&html) {
            let mut bad = |why: &str| found.push(format!("{rel}: {why}: {}", tag.raw));
            if tag.name == "script" {
                let src = tag
                    .attrs
                    .iter()
                    .find(|(n, _)| n == "src")
                    .map(|(_, v)| v.as_str());
                let own = src.is_some_and(|s| {
                    s.ends_with(".js") && !s.contains(':') && !s.starts_with("//")
                });
                // JSON-LD is a data block, never run: it must be JSON with no
                // `<` that could close the element early.
                let data_block = tag.attrs.len() == 1
                    && tag.attrs[0].0 == "type"
                    && tag.attrs[0].1 == "application/ld+json"
                    && !tag.content.contains('<')
                    && serde_json::from_str::<serde_json::Value>(&tag.content).is_ok();
                if !data_block && (!own || !tag.content.trim().is_empty() || tag.attrs.len() != 1) {
                    bad("a script that is not the theme's");
                }
            }
            // The theme's own search form is the only form, input or button.
            let themes_own = allowed_names.contains(&signature(&tag))
                && tag
                    .attrs
                    .iter()
                    .all(|(n, v)| n != "action" || v.ends_with("search.html"));
            let refresh = tag.name == "meta" && tag.attrs.iter().any(|(n, _)| n == "http-equiv");
            if (NEVER.contains(&tag.name.as_str()) && !themes_own) || refresh {
                bad("a forbidden element");
            }
            if escaping && !allowed_names.contains(&tag.name) {
                bad("an element the clean site does not have");
            }
            for (name, value) in &tag.attrs {
                if name.starts_with("on") {
                    bad("an event handler");
                }
                if name == "srcdoc" || (name == "style" && !escaping) {
                    bad("an attribute that can carry code or restyle");
                }
                if escaping && !allowed_names.contains(&format!("@{name}")) {
                    bad("an attribute the clean site does not have");
                }
                if URL_ATTRS.contains(&name.as_str()) {
                    let url = url_as_browser_reads(value);
                    if ["javascript:", "vbscript:", "data:"]
                        .iter()
                        .any(|s| url.starts_with(s))
                    {
                        bad("a script address");
                    }
                    if tag.name == "img" && (url.starts_with("http") || url.starts_with("//")) {
                        bad("an image loaded from the internet");
                    }
                }
            }
        }
    }
    found
}

fn check_mode(raw_html: &str) {
    let allowed = clean_vocabulary();
    // CONGKHAI_KEEP_XSS=DIR leaves the repository and site there to look at.
    let dir = tempfile::tempdir().unwrap();
    let dir = std::env::var_os("CONGKHAI_KEEP_XSS")
        .map(|d| PathBuf::from(d).join(raw_html))
        .unwrap_or_else(|| dir.path().to_path_buf());
    let root = dir.join("repo");
    hostile_repo(&root, raw_html);
    let out = dir.join("out");
    build(&root, &out);
    let found = problems(&out, &allowed, raw_html == "escape");
    assert!(
        found.is_empty(),
        "{} problems:\n{}",
        found.len(),
        found.join("\n")
    );
    // The payloads did reach the pages, as text.
    let all: String = html_files(&out)
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(
        all.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "payloads are shown escaped"
    );
    assert!(
        all.contains("onerror=alert(1)"),
        "attribute payloads are shown as text"
    );
}

#[test]
fn no_payload_runs_with_raw_html_escaped() {
    check_mode("escape");
}

#[test]
fn no_payload_runs_with_raw_html_sanitised() {
    check_mode("sanitize");
}

#[test]
fn the_checker_catches_what_it_must() {
    let allowed: BTreeSet<String> = ["html", "p", "a", "script", "img", "@href", "@src"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let pages = [
        "<p onclick=x>a</p>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href='java\tscript:x'>x</a>",
        "<script>alert(1)</script>",
        "<script src=\"assets/search.js\">alert(1)</script>",
        "<svg></svg>",
        "<img src=\"https://evil.example/x.png\">",
    ];
    for (i, page) in pages.iter().enumerate() {
        std::fs::write(dir.path().join(format!("p{i}.html")), page).unwrap();
    }
    for i in 0..8 {
        std::fs::write(
            dir.path().join(format!("ok{i}.html")),
            "<p>ok</p><script src=\"assets/search.js\"></script>",
        )
        .unwrap();
    }
    let found = problems(dir.path(), &allowed, true);
    for i in 0..pages.len() {
        assert!(
            found.iter().any(|f| f.starts_with(&format!("p{i}.html"))),
            "p{i} not caught: {found:#?}"
        );
    }
    assert!(!found.iter().any(|f| f.starts_with("ok")), "{found:#?}");
}
