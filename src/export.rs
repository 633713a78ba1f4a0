//! Every format a saved model leaves rareclass in, behind one entry point
//! for the page: ONNX ([`crate::onnx`]) and the Python scripts
//! ([`crate::reproduce`], which also need the training table for the split
//! rows). The CLI calls the two modules directly.

use crate::data::table::Table;
use crate::model_file::ModelFile;

/// A format to export a saved model in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The ONNX graph (bytes).
    Onnx,
    /// The scikit-learn script.
    Sklearn,
    /// The scikit-learn script as a Jupyter notebook.
    Notebook,
    /// The PySpark MLlib script (logistic models).
    Pyspark,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        match s {
            "onnx" => Ok(Format::Onnx),
            "sklearn" => Ok(Format::Sklearn),
            "notebook" => Ok(Format::Notebook),
            "pyspark" => Ok(Format::Pyspark),
            other => Err(format!(
                "export format \"{other}\" is not one of onnx, sklearn, notebook, pyspark"
            )),
        }
    }
}

impl Format {
    /// The file-name ending of this format.
    pub fn suffix(self) -> &'static str {
        match self {
            Format::Onnx => ".onnx",
            Format::Sklearn => ".sklearn.py",
            Format::Notebook => ".ipynb",
            Format::Pyspark => ".pyspark.py",
        }
    }
}

/// `file` in `format`. The Python formats recompute the split rows from
/// `table`, the data the model was trained on (read as the run read it),
/// and name `data_name` as the CSV the script reads.
pub fn export(file: &ModelFile, table: &Table, format: Format, data_name: &str) -> Result<Vec<u8>, String> {
    let script_name = format!("reproduce{}", format.suffix());
    let text = match format {
        Format::Onnx => return crate::onnx::to_onnx(file).map_err(|e| e.to_string()),
        Format::Sklearn | Format::Notebook | Format::Pyspark => {
            let rows = crate::reproduce::split_rows(file, table).map_err(|e| e.to_string())?;
            match format {
                Format::Sklearn => crate::reproduce::sklearn_script(file, &rows, data_name, &script_name),
                Format::Notebook => crate::reproduce::notebook(file, &rows, data_name),
                _ => crate::reproduce::pyspark_script(file, &rows, data_name, &script_name),
            }
            .map_err(|e| e.to_string())?
        }
    };
    Ok(text.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{read_csv, ReadOptions};
    use crate::experiment::{run, ExperimentConfig};
    use crate::progress::Silent;

    #[test]
    fn every_format_from_one_entry_point() {
        let mut csv = String::from("x,y\n");
        for i in 0..60 {
            csv += &format!("{i},{}\n", (i % 4 == 0) as u8);
        }
        let table = read_csv(csv.as_bytes(), &ReadOptions::default()).unwrap();
        let config = ExperimentConfig {
            label: "y".into(),
            ..Default::default()
        };
        let file = run(&table, &config, &mut Silent).unwrap().model_file(0).unwrap();
        let onnx = export(&file, &table, "onnx".parse().unwrap(), "d.csv").unwrap();
        assert_eq!(onnx, crate::onnx::to_onnx(&file).unwrap());
        for f in ["sklearn", "notebook", "pyspark"] {
            let text = String::from_utf8(export(&file, &table, f.parse().unwrap(), "d.csv").unwrap()).unwrap();
            assert!(text.contains("d.csv"), "{f}");
        }
        assert!("zip".parse::<Format>().unwrap_err().contains("\"zip\""));
        // Another table (fewer rows) cannot give the model's split.
        let mut other = table.clone();
        other.n_rows = 40;
        for c in other.columns.iter_mut() {
            if let crate::data::table::ColumnValues::Numbers(v) = &mut c.values {
                v.truncate(40);
            }
        }
        assert!(export(&file, &other, Format::Sklearn, "d.csv")
            .unwrap_err()
            .contains("training rows"));
    }
}
