//! `rareclass train --export-split DIR`: the split as data-row indices and
//! the prepared parts as `.npy` files, checked against the CSV itself (the
//! independent source) and against the NumPy format's own rules; knows
//! nothing of how the CLI builds them.

use crate::common::{data_path, rareclass, stderr, TempDir};

/// A parsed `.npy` (format 1.0): `descr`, `shape` and the raw data bytes.
struct Npy {
    descr: String,
    shape: Vec<usize>,
    data: Vec<u8>,
}

/// Reads a `.npy` file by the format's definition: `\x93NUMPY`, major 1,
/// minor 0, a little-endian u16 header length, a Python-literal dict ending
/// in `\n` with magic + header a multiple of 64 bytes, then the data.
fn read_npy(path: &std::path::Path) -> Npy {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(&bytes[..8], b"\x93NUMPY\x01\x00", "{}: magic / version", path.display());
    let hlen = u16::from_le_bytes([bytes[8], bytes[9]]) as usize;
    assert_eq!((10 + hlen) % 64, 0, "{}: header not padded to 64 bytes", path.display());
    let header = std::str::from_utf8(&bytes[10..10 + hlen]).unwrap();
    assert!(header.ends_with('\n'), "{header:?}");
    assert!(header.contains("'fortran_order': False"), "{header:?}");
    let field = |key: &str| {
        let start = header.find(key).unwrap_or_else(|| panic!("no {key} in {header:?}")) + key.len();
        header[start..].trim_start_matches([':', ' ']).to_string()
    };
    let descr = field("'descr'");
    let descr = descr.split('\'').nth(1).unwrap().to_string();
    let shape = field("'shape'");
    let shape = shape[1..shape.find(')').unwrap()]
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    Npy {
        descr,
        shape,
        data: bytes[10 + hlen..].to_vec(),
    }
}

impl Npy {
    fn f32s(&self) -> Vec<f32> {
        assert_eq!(self.descr, "<f4");
        assert_eq!(self.data.len(), 4 * self.shape.iter().product::<usize>());
        self.data
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    }
}

fn split_json(dir: &TempDir) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.path("out/split.json")).unwrap()).unwrap()
}

fn indices(v: &serde_json::Value, part: &str) -> Vec<usize> {
    v[part]
        .as_array()
        .unwrap_or_else(|| panic!("no {part} in split.json"))
        .iter()
        .map(|i| i.as_u64().unwrap() as usize)
        .collect()
}

#[test]
fn raw_features_and_labels_are_the_csv_rows() {
    let dir = TempDir::new("export-split-raw");
    // 20 rows: a = row number, b = 100 − 2·row (exact in f32), y = 1 on
    // every fourth row (5 positives).
    let mut csv = String::from("a,b,y\n");
    for r in 0..20 {
        csv.push_str(&format!("{r},{},{}\n", 100 - 2 * r, u8::from(r % 4 == 0)));
    }
    let path = dir.path("rows.csv");
    std::fs::write(&path, csv).unwrap();
    let out = dir.path("out");
    let o = rareclass(&[
        "train",
        path.to_str().unwrap(),
        "--label",
        "y",
        "--positive",
        "1",
        "--no-standardize",
        "--clip",
        "0",
        "--seed",
        "7",
        // `a` counts rows and `b` is all distinct integers, which the data
        // check leaves out as IDs; this test wants the raw columns back.
        "--keep",
        "a,b",
        "--export-split",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = split_json(&dir);
    assert_eq!(v["seed"], 7);
    assert_eq!(v["label"], "y");
    assert_eq!(v["positive"], "1");
    assert_eq!(v["features"], serde_json::json!(["a", "b"]));
    let mut all = Vec::new();
    for part in ["train", "val", "test"] {
        let idx = indices(&v, part);
        assert!(!idx.is_empty(), "{part} is empty");
        let x = read_npy(&out.join(format!("x_{part}.npy")));
        assert_eq!(x.shape, vec![idx.len(), 2], "x_{part} shape");
        let xs = x.f32s();
        let y = read_npy(&out.join(format!("y_{part}.npy")));
        assert_eq!((y.descr.as_str(), y.shape.clone()), ("|u1", vec![idx.len()]));
        for (k, &r) in idx.iter().enumerate() {
            assert_eq!(xs[2 * k], r as f32, "{part} row {k} (data row {r}) column a");
            assert_eq!(xs[2 * k + 1], (100 - 2 * r) as f32, "{part} row {k} column b");
            assert_eq!(y.data[k], u8::from(r % 4 == 0), "{part} row {k} label");
        }
        all.extend(idx);
    }
    // The three parts cover every row exactly once.
    all.sort_unstable();
    assert_eq!(all, (0..20).collect::<Vec<_>>());
}

#[test]
fn standardized_train_part_has_mean_zero_and_unit_sd() {
    // The scaler is fitted on the train rows only (as StandardScaler in the
    // tutorial), so over x_train every column has mean 0 and population sd 1
    // (a constant column would have sd 0: breast_cancer has none).
    let dir = TempDir::new("export-split-std");
    let out = dir.path("out");
    let bc = data_path("breast_cancer.csv");
    let o = rareclass(&[
        "train",
        bc.to_str().unwrap(),
        "--label",
        "target",
        "--clip",
        "0",
        "--export-split",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = split_json(&dir);
    let x = read_npy(&out.join("x_train.npy"));
    let (n, d) = (x.shape[0], x.shape[1]);
    assert_eq!(n, indices(&v, "train").len());
    assert_eq!(d, 30);
    let xs = x.f32s();
    for j in 0..d {
        let col: Vec<f64> = (0..n).map(|i| xs[i * d + j] as f64).collect();
        let mean = col.iter().sum::<f64>() / n as f64;
        let sd = (col.iter().map(|c| (c - mean).powi(2)).sum::<f64>() / n as f64).sqrt();
        assert!(mean.abs() < 1e-4, "column {j}: mean {mean}");
        assert!((sd - 1.0).abs() < 1e-4, "column {j}: sd {sd}");
    }
    // With the default clip the val / test parts stay inside ±5.
    let out5 = dir.path("out5");
    let o = rareclass(&[
        "train",
        bc.to_str().unwrap(),
        "--label",
        "target",
        "--export-split",
        out5.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for part in ["train", "val", "test"] {
        let xs = read_npy(&out5.join(format!("x_{part}.npy"))).f32s();
        assert!(xs.iter().all(|v| v.abs() <= 5.0), "{part} outside ±5");
    }
}

#[test]
fn unwritable_folder_is_an_error_naming_it() {
    let dir = TempDir::new("export-split-bad");
    let blocker = dir.path("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let target = blocker.join("sub");
    let bc = data_path("breast_cancer.csv");
    let o = rareclass(&[
        "train",
        bc.to_str().unwrap(),
        "--label",
        "target",
        "--export-split",
        target.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("rareclass: error: cannot make folder") && err.contains("sub"),
        "{err}"
    );
}
