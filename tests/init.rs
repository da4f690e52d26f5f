//! `congkhai init`: a new repository that checks and builds as created,
//! with editor settings pointing at schemas that exist, draft examples that
//! the schemas accept, and CI files that check before they publish.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn congkhai(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_congkhai"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1780000000")
        .output()
        .unwrap()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_new_repository_checks_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let out = congkhai(
        &["init", "kho", "--code", "27154", "--code", "27142"],
        tmp.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let repo = tmp.path().join("kho");

    let check = congkhai(&["check", "--deny-warnings"], &repo);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let build = congkhai(&["build", "--quiet"], &repo);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(repo.join("public/index.html").is_file());
    for ward in ["ban-co", "nhieu-loc"] {
        assert!(repo.join("public").join(ward).join("index.html").is_file());
        let profile = read(&repo.join("content").join(ward).join("ward.yaml"));
        assert!(
            profile.starts_with("# yaml-language-server: $schema=../../schemas/ward.schema.json\n")
        );
        // The examples are drafts: none is published.
        for kind in congkhai::model::Kind::ALL {
            let rel = format!("{}/vi-du-{}.yaml", kind.slug(), kind.slug());
            let example = read(&repo.join("content").join(ward).join(&rel));
            assert!(example.contains("\nstatus: draft "), "{rel}");
            assert!(!repo
                .join("public")
                .join(ward)
                .join(kind.slug())
                .join(format!("vi-du-{}.html", kind.slug()))
                .exists());
        }
    }
    let profile = read(&repo.join("content/ban-co/ward.yaml"));
    assert!(profile.contains("name: \"Phường Bàn Cờ\""));
    assert!(profile.contains("province: \"Thành phố Hồ Chí Minh\""));
}

#[test]
fn every_schema_named_exists_and_accepts_the_examples() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(congkhai(&["init", "kho", "--code", "27154"], tmp.path())
        .status
        .success());
    let repo = tmp.path().join("kho");
    let mut examples = 0;
    for entry in walkdir::WalkDir::new(repo.join("content")) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let text = read(path);
        let first = text.lines().next().unwrap();
        let reference = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{}: no schema line", path.display()));
        let schema_path = path.parent().unwrap().join(reference);
        let schema: Value = serde_json::from_str(&read(&schema_path)).unwrap();
        let instance: Value = serde_saphyr::from_str(&text).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        examples += 1;
    }
    let kinds = congkhai::model::Kind::ALL.len();
    assert_eq!(
        examples,
        1 + kinds,
        "a profile and an example of every kind"
    );

    // The editor settings map every kind's folder to a schema that exists.
    let settings: Value = serde_json::from_str(&read(&repo.join(".vscode/settings.json"))).unwrap();
    let schemas = settings["yaml.schemas"].as_object().unwrap();
    assert_eq!(schemas.len(), 1 + kinds);
    for (file, globs) in schemas {
        assert!(repo.join(file).is_file(), "{file}");
        assert!(globs.as_array().is_some_and(|g| !g.is_empty()));
    }
    assert_eq!(
        schemas["./schemas/fund.schema.json"],
        serde_json::json!(["content/*/fund/*.yaml", "content/*/quy/*.yaml"])
    );
    let extensions: Value =
        serde_json::from_str(&read(&repo.join(".vscode/extensions.json"))).unwrap();
    assert!(extensions["recommendations"]
        .as_array()
        .unwrap()
        .contains(&Value::from("redhat.vscode-yaml")));
    assert!(
        read(&repo.join("congkhai.toml")).starts_with("#:schema ./schemas/congkhai.schema.json\n")
    );
    assert!(read(&repo.join(".gitignore")).contains("/public\n"));
}

#[test]
fn ci_files_check_before_they_publish() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(congkhai(&["init", "kho", "--code", "27154"], tmp.path())
        .status
        .success());
    let repo = tmp.path().join("kho");
    let github = read(&repo.join(".github/workflows/pages.yml"));
    let gitlab = read(&repo.join(".gitlab-ci.yml"));
    for (name, text) in [("github", &github), ("gitlab", &gitlab)] {
        let check = text
            .find("congkhai check")
            .unwrap_or_else(|| panic!("{name}"));
        let build = text
            .find("congkhai build")
            .unwrap_or_else(|| panic!("{name}"));
        assert!(check < build, "{name}: check runs first");
        assert!(
            text.contains(env!("CARGO_PKG_VERSION")),
            "{name}: pinned version"
        );
        // Both are YAML that parses.
        serde_saphyr::from_str::<Value>(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    assert!(github.contains("fetch-depth: 0"));
    assert!(github.contains("actions/upload-pages-artifact@"));
    assert!(github.contains("actions/deploy-pages@"));
    assert!(github.contains("pages: write") && github.contains("id-token: write"));
    assert!(gitlab.contains("pages:") && gitlab.contains("- public"));
}

#[test]
fn init_refuses_a_folder_in_use_and_an_unknown_code() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("used")).unwrap();
    std::fs::write(tmp.path().join("used/notes.txt"), "x").unwrap();
    let out = congkhai(&["init", "used", "--code", "27154"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_dir(tmp.path().join("used")).unwrap().count(),
        1
    );

    let out = congkhai(
        &["init", "new", "--code", "27154", "--code", "99999"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("99999"));
    assert!(!tmp.path().join("new").exists(), "nothing written");

    let out = congkhai(&["init", "none"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn new_ward_names_the_schema_when_the_repository_has_one() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(congkhai(&["init", "kho", "--code", "27154"], tmp.path())
        .status
        .success());
    let repo = tmp.path().join("kho");
    let out = congkhai(&["new", "ward", "--code", "27142"], &repo);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let profile = read(&repo.join("content/nhieu-loc/ward.yaml"));
    assert!(profile.starts_with("# yaml-language-server: $schema=../../schemas/ward.schema.json\n"));

    // Without a schema folder, no line points at a missing file.
    std::fs::remove_dir_all(repo.join("schemas")).unwrap();
    let out = congkhai(&["new", "ward", "--code", "27139"], &repo);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(read(&repo.join("content/xuan-hoa/ward.yaml")).starts_with("code:"));
}

#[test]
fn new_yaml_writes_a_data_only_record_that_names_its_schema() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(congkhai(&["init", "kho", "--code", "27154"], tmp.path())
        .status
        .success());
    let repo = tmp.path().join("kho");
    let out = congkhai(
        &[
            "new",
            "fund",
            "--yaml",
            "--ward",
            "ban-co",
            "Quỹ \"khuyến học\" 2026",
        ],
        &repo,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // In the folder of the year of its date (SOURCE_DATE_EPOCH: 29 May 2026 in Vietnam).
    let path = repo.join("content/ban-co/fund/2026/quy-khuyen-hoc-2026.yaml");
    let text = read(&path);
    assert!(
        text.starts_with("# yaml-language-server: $schema=../../../../schemas/fund.schema.json\n")
    );
    assert!(!text.contains("---"), "no Markdown fences");
    let schema: Value =
        serde_json::from_str(&read(&repo.join("schemas/fund.schema.json"))).unwrap();
    let instance: Value = serde_saphyr::from_str(&text).unwrap();
    assert!(jsonschema::validator_for(&schema)
        .unwrap()
        .is_valid(&instance));
    assert_eq!(instance["title"], "Quỹ \"khuyến học\" 2026");
    // The Markdown form is unchanged without the flag.
    let out = congkhai(&["new", "plan", "--ward", "ban-co", "Kế hoạch 2026"], &repo);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(read(&repo.join("content/ban-co/plan/2026/ke-hoach-2026.md")).starts_with("---\n"));
}
