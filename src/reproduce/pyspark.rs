//! The PySpark MLlib script: the run's pipeline and logistic model in
//! Spark, with class weights as a weight column and the L2 penalty rescaled
//! to Spark's loss (see the script's comments), for retraining at cluster
//! scale.

use super::python::py_str;
use super::{fill, settings, spec_of, ReproduceError, SplitRows};
use crate::experiment::ModelSpec;
use crate::model_file::ModelFile;
use crate::models::logistic::ClassWeight;

/// The PySpark script for a logistic model (other kinds are an error).
pub fn pyspark_script(
    file: &ModelFile,
    rows: &SplitRows,
    data_name: &str,
    script_name: &str,
) -> Result<String, ReproduceError> {
    let ModelSpec::Logistic(spec) = spec_of(file)? else {
        return Err(ReproduceError::NotLogistic(file.name.clone(), spec_of(file)?.kind()));
    };
    let s = &file.config.split;
    let mut values = settings(file, rows, data_name);
    values.push(("__SCRIPT__", script_name.to_string()));
    values.push(("__APP_NAME__", py_str(&file.name)));
    values.push(("__SPLIT__", format!("[{:?}, {:?}, {:?}]", s.train, s.val, s.test)));
    values.push(("__C__", format!("{:?}", spec.params.c)));
    values.push((
        "__CLASS_WEIGHT__",
        match spec.params.class_weight {
            ClassWeight::None => "None".into(),
            ClassWeight::Balanced => "\"balanced\"".into(),
            ClassWeight::Custom { negative, positive } => format!("{{0: {negative:?}, 1: {positive:?}}}"),
        },
    ));
    Ok(fill(include_str!("pyspark.py"), &values))
}
