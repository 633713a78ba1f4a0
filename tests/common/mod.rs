//! Helpers shared by the integration tests.

use std::path::PathBuf;

pub mod traps;

/// The path of a file under the repository's `data/` folder.
pub fn data_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data").join(name)
}

/// The path of a fixture under `tests/data/`.
#[allow(dead_code)]
pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
        .join(name)
}

/// Reads and parses a bundled data file.
#[allow(dead_code)]
pub fn read_data(name: &str) -> rareclass::data::Table {
    let bytes = std::fs::read(data_path(name)).expect("bundled data file");
    rareclass::data::read_csv(&bytes, &rareclass::data::ReadOptions::default()).expect("bundled data parses")
}

/// A fresh temporary directory, removed when dropped.
#[allow(dead_code)]
pub struct TempDir(pub PathBuf);

#[allow(dead_code)]
impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("rareclass-test-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The path of a golden file under `tests/golden/`.
#[allow(dead_code)]
pub fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("golden")
        .join(name)
}

/// Runs the `rareclass` program with `args` and `--quiet`.
#[allow(dead_code)]
pub fn rareclass(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_rareclass"))
        .args(args)
        .arg("--quiet")
        .output()
        .expect("runs")
}

/// A finished program's stdout as text.
#[allow(dead_code)]
pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A finished program's stderr as text.
#[allow(dead_code)]
pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
