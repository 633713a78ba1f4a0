//! Stratified train/validation/test splits and stratified k-fold, drawn from
//! the one seeded [`Rng`] so the same seed picks the same rows everywhere.
//! Works on positions into `y`, knows nothing of tables or models.

use crate::rng::Rng;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Shares of rows for train / validation / test; they sum to 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SplitFractions {
    pub train: f64,
    pub val: f64,
    pub test: f64,
}

impl Default for SplitFractions {
    /// 64 / 16 / 20, as the imbalanced-data tutorial.
    fn default() -> Self {
        SplitFractions {
            train: 0.64,
            val: 0.16,
            test: 0.2,
        }
    }
}

impl SplitFractions {
    /// Checks every share is in `[0, 1]`, train is positive and they sum to 1.
    pub fn check(&self) -> Result<(), SplitError> {
        let all = [self.train, self.val, self.test];
        if all.iter().any(|f| !f.is_finite() || *f < 0.0)
            || self.train <= 0.0
            || (all.iter().sum::<f64>() - 1.0).abs() > 1e-6
        {
            return Err(SplitError::BadFractions {
                train: self.train,
                val: self.val,
                test: self.test,
            });
        }
        Ok(())
    }
}

impl FromStr for SplitFractions {
    type Err = SplitError;
    /// `"0.64,0.16,0.2"` (also percentages `"64,16,20"`).
    fn from_str(s: &str) -> Result<Self, SplitError> {
        let parts: Vec<f64> = s
            .split(',')
            .map(|p| p.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| SplitError::Unreadable(s.to_string()))?;
        let [mut train, mut val, mut test] = parts[..] else {
            return Err(SplitError::Unreadable(s.to_string()));
        };
        if (train + val + test - 100.0).abs() < 1e-6 {
            (train, val, test) = (train / 100.0, val / 100.0, test / 100.0);
        }
        let f = SplitFractions { train, val, test };
        f.check()?;
        Ok(f)
    }
}

/// Positions into `y` for each part, each ascending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    pub train: Vec<usize>,
    pub val: Vec<usize>,
    pub test: Vec<usize>,
}

/// Why rows could not be split.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SplitError {
    #[error("split {0:?} is not three numbers like 0.64,0.16,0.2")]
    Unreadable(String),
    #[error("split shares must be in [0, 1], train above 0, and sum to 1; got {train}, {val}, {test}")]
    BadFractions { train: f64, val: f64, test: f64 },
    #[error("{folds}-fold cross-validation needs at least {folds} rows of each class; the {class} class has {found}")]
    TooFewForFolds {
        folds: usize,
        class: &'static str,
        found: usize,
    },
    #[error("cross-validation needs at least 2 folds, got {0}")]
    TooFewFolds(usize),
}

/// Positions of each class, each shuffled by `rng` (negatives first, so the
/// stream use is fixed).
fn shuffled_by_class(y: &[bool], rng: &mut Rng) -> [Vec<usize>; 2] {
    let mut by_class = [Vec::new(), Vec::new()];
    for (i, &p) in y.iter().enumerate() {
        by_class[p as usize].push(i);
    }
    for c in by_class.iter_mut() {
        rng.shuffle(c);
    }
    by_class
}

/// Splits `y`'s positions into train/validation/test keeping each part's
/// class balance as close to the whole as rounding allows. Within each class,
/// `round(n_c·test)` rows go to test, `round(n_c·val)` to validation, the rest
/// to train. `1,0,0` puts every row in train.
pub fn stratified_split(y: &[bool], fractions: SplitFractions, rng: &mut Rng) -> Result<Split, SplitError> {
    fractions.check()?;
    let mut split = Split {
        train: Vec::new(),
        val: Vec::new(),
        test: Vec::new(),
    };
    for class in shuffled_by_class(y, rng) {
        let n = class.len();
        let n_test = ((n as f64) * fractions.test).round() as usize;
        let n_val = (((n as f64) * fractions.val).round() as usize).min(n - n_test);
        split.test.extend_from_slice(&class[..n_test]);
        split.val.extend_from_slice(&class[n_test..n_test + n_val]);
        split.train.extend_from_slice(&class[n_test + n_val..]);
    }
    split.train.sort_unstable();
    split.val.sort_unstable();
    split.test.sort_unstable();
    Ok(split)
}

/// Stratified k-fold: `k` disjoint test folds (ascending positions) covering
/// every row, each class dealt round-robin after a seeded shuffle so fold
/// sizes per class differ by at most one.
pub fn stratified_kfold(y: &[bool], k: usize, rng: &mut Rng) -> Result<Vec<Vec<usize>>, SplitError> {
    if k < 2 {
        return Err(SplitError::TooFewFolds(k));
    }
    let by_class = shuffled_by_class(y, rng);
    for (c, name) in [(0, "negative"), (1, "positive")] {
        if by_class[c].len() < k {
            return Err(SplitError::TooFewForFolds {
                folds: k,
                class: name,
                found: by_class[c].len(),
            });
        }
    }
    let mut folds = vec![Vec::new(); k];
    let mut next = 0;
    for class in by_class {
        for i in class {
            folds[next % k].push(i);
            next += 1;
        }
    }
    for f in folds.iter_mut() {
        f.sort_unstable();
    }
    Ok(folds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(n: usize, every: usize) -> Vec<bool> {
        (0..n).map(|i| i % every == 0).collect()
    }

    #[test]
    fn parts_are_disjoint_cover_all_and_keep_balance() {
        let y = labels(1000, 20); // 50 positives
        let s = stratified_split(&y, SplitFractions::default(), &mut Rng::new(1)).unwrap();
        let mut all: Vec<usize> = s.train.iter().chain(&s.val).chain(&s.test).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..1000).collect::<Vec<_>>());
        // 50 positives: test round(10) = 10, val round(8) = 8, train 32.
        let pos = |p: &[usize]| p.iter().filter(|&&i| y[i]).count();
        assert_eq!((pos(&s.train), pos(&s.val), pos(&s.test)), (32, 8, 10));
        // 950 negatives: test 190, val 152, train 608.
        assert_eq!((s.train.len(), s.val.len(), s.test.len()), (640, 160, 200));
    }

    #[test]
    fn same_seed_same_rows_other_seed_other_rows() {
        let y = labels(500, 7);
        let a = stratified_split(&y, SplitFractions::default(), &mut Rng::new(42)).unwrap();
        let b = stratified_split(&y, SplitFractions::default(), &mut Rng::new(42)).unwrap();
        let c = stratified_split(&y, SplitFractions::default(), &mut Rng::new(43)).unwrap();
        assert_eq!(a, b);
        assert_ne!(a.test, c.test);
    }

    #[test]
    fn all_train_split() {
        let y = labels(10, 2);
        let s = stratified_split(&y, "1,0,0".parse().unwrap(), &mut Rng::new(0)).unwrap();
        assert_eq!(s.train, (0..10).collect::<Vec<_>>());
        assert!(s.val.is_empty() && s.test.is_empty());
    }

    #[test]
    fn fractions_parse_and_reject() {
        assert_eq!("64,16,20".parse::<SplitFractions>().unwrap(), SplitFractions::default());
        assert!(matches!(
            "0.5,0.5".parse::<SplitFractions>(),
            Err(SplitError::Unreadable(_))
        ));
        assert!(matches!(
            "0.5,0.4,0.4".parse::<SplitFractions>(),
            Err(SplitError::BadFractions { .. })
        ));
        assert!(matches!(
            "0,0.5,0.5".parse::<SplitFractions>(),
            Err(SplitError::BadFractions { .. })
        ));
        assert!(matches!(
            "a,b,c".parse::<SplitFractions>(),
            Err(SplitError::Unreadable(_))
        ));
    }

    #[test]
    fn kfold_folds_partition_and_stratify() {
        let y = labels(103, 10); // 11 positives
        let folds = stratified_kfold(&y, 5, &mut Rng::new(3)).unwrap();
        let mut all: Vec<usize> = folds.concat();
        all.sort_unstable();
        assert_eq!(all, (0..103).collect::<Vec<_>>());
        for f in &folds {
            let p = f.iter().filter(|&&i| y[i]).count();
            assert!((2..=3).contains(&p), "{p}");
            assert!((20..=21).contains(&f.len()), "{}", f.len());
        }
        assert!(matches!(
            stratified_kfold(&y, 12, &mut Rng::new(3)),
            Err(SplitError::TooFewForFolds {
                class: "positive",
                found: 11,
                ..
            })
        ));
        assert!(matches!(
            stratified_kfold(&y, 1, &mut Rng::new(3)),
            Err(SplitError::TooFewFolds(1))
        ));
    }
}
