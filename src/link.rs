//! The page's shareable settings link: the URL fragment
//! (`#label=Class&positive=bad&c=0.5&weight=balanced&split=64,16,20&seed=7&drop=a,b`,
//! plus the model kind and its fields: `&model=mlp&mlp-hidden=16&mlp-epochs=30`,
//! and any other setting of the kind, one `set.KEY=VALUE` each as
//! [`ModelSpec::set`] takes them: `&model=gbdt&set.subsample=0.8&set.lambda=1`)
//! read into settings, every value checked for form and range with a plain
//! reason, before the page applies any of it. A link is text anyone can
//! send, so it is read as hostile: its length is capped before decoding,
//! keys are a fixed list (no `__proto__`), numbers are in ranges the page's
//! fields can show; a `set.` setting is checked by applying it to the
//! kind's default spec, the same check as the command line's `--set`.
//! Whether the named columns exist is the page's check (it knows the
//! data). Knows nothing of the DOM or tables.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model_spec::ModelSpec;

/// The longest fragment read, in bytes: links the page writes are far
/// shorter; a 2 MB one is refused before any decoding.
pub const MAX_LINK_BYTES: usize = 8192;

/// The smallest and largest `c` a link may set (the inverse regularisation
/// strength; grid searches span 1e-4 … 1e4).
pub const C_RANGE: (f64, f64) = (1e-6, 1e6);

/// The largest seed: the page's seed field is a JavaScript number, exact
/// up to 2^53 − 1.
pub const MAX_SEED: u64 = (1 << 53) - 1;

/// The imbalance choices a link may name (the page's `weight` menu).
pub const WEIGHTS: [&str; 6] = [
    "none",
    "balanced",
    "oversample",
    "undersample",
    "smote",
    "balanced_batches",
];

/// The model kinds a link may name (the page's kind picker).
pub const MODELS: [&str; 6] = ["logistic", "mlp", "tree", "forest", "gbdt", "majority"];

/// The form of a model field's value.
#[derive(Debug, Clone, Copy)]
enum Form {
    /// A whole number in `[lo, hi]`; empty allowed when `scaled` (the
    /// page then scales it to the rows).
    Count { lo: u64, hi: u64, scaled: bool },
    /// A number in `[lo, hi]`.
    Number { lo: f64, hi: f64 },
    /// Hidden-layer widths, `16` or `64,32`: 1 to 8 layers of 1 to 4096.
    Layers,
    /// A loss of the network picker.
    Loss,
}

/// Every model field a link may set: the page's field ids, each prefixed
/// with its kind, and its form. Ranges are what the page's fields accept,
/// capped so a link cannot ask for a run of days.
const FIELDS: [(&str, Form); 13] = [
    ("mlp-hidden", Form::Layers),
    ("mlp-dropout", Form::Number { lo: 0.0, hi: 0.99 }),
    (
        "mlp-epochs",
        Form::Count {
            lo: 1,
            hi: 100_000,
            scaled: true,
        },
    ),
    (
        "mlp-batch",
        Form::Count {
            lo: 2,
            hi: 10_000_000,
            scaled: true,
        },
    ),
    ("mlp-lr", Form::Number { lo: 1e-6, hi: 10.0 }),
    ("mlp-loss", Form::Loss),
    (
        "mlp-patience",
        Form::Count {
            lo: 0,
            hi: 100_000,
            scaled: true,
        },
    ),
    (
        "tree-depth",
        Form::Count {
            lo: 1,
            hi: 64,
            scaled: true,
        },
    ),
    (
        "forest-trees",
        Form::Count {
            lo: 1,
            hi: 10_000,
            scaled: false,
        },
    ),
    (
        "forest-depth",
        Form::Count {
            lo: 1,
            hi: 64,
            scaled: true,
        },
    ),
    (
        "gbdt-rounds",
        Form::Count {
            lo: 1,
            hi: 100_000,
            scaled: false,
        },
    ),
    ("gbdt-rate", Form::Number { lo: 0.001, hi: 1.0 }),
    (
        "gbdt-leaves",
        Form::Count {
            lo: 2,
            hi: 100_000,
            scaled: false,
        },
    ),
];

/// The losses a link may name (the page's loss picker).
pub const LOSSES: [&str; 3] = ["bce", "focal", "soft_f1"];

/// The settings a link holds; `None` = not in the link.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LinkSettings {
    pub label: Option<String>,
    pub positive: Option<String>,
    pub c: Option<f64>,
    pub weight: Option<String>,
    /// Train / validation / test shares as written (the page's percent fields).
    pub split: Option<[f64; 3]>,
    pub seed: Option<u64>,
    pub drop: Option<Vec<String>>,
    /// The model kind (one of [`MODELS`]).
    pub model: Option<String>,
    /// The kind's fields (page field id → value as written, checked).
    pub fields: Option<BTreeMap<String, String>>,
    /// The kind's other settings, `[key, value]` in the link's order (the
    /// order they are applied in), each accepted by [`ModelSpec::set`].
    pub set: Option<Vec<(String, String)>>,
}

/// Reads a URL fragment (with or without its `#`). `Ok(None)` for an empty
/// one; otherwise the settings, or the first reason they cannot be used,
/// worded to follow "This link's settings could not be used (…)".
///
/// ```
/// use rareclass::link::parse_link;
/// let s = parse_link("#label=Class&c=0.5&seed=7&drop=a,b").unwrap().unwrap();
/// assert_eq!((s.c, s.seed), (Some(0.5), Some(7)));
/// assert_eq!(s.drop.unwrap(), ["a", "b"]);
/// assert!(parse_link("#weight=__proto__").unwrap_err().contains("\"weight\" must be one of"));
/// ```
pub fn parse_link(fragment: &str) -> Result<Option<LinkSettings>, String> {
    let text = fragment.strip_prefix('#').unwrap_or(fragment);
    if text.len() > MAX_LINK_BYTES {
        return Err(format!(
            "it is {} characters long; a settings link has at most {}",
            crate::limits::count_text(text.len() as u64),
            crate::limits::count_text(MAX_LINK_BYTES as u64)
        ));
    }
    if text.is_empty() {
        return Ok(None);
    }
    let mut out = LinkSettings::default();
    let mut seen: Vec<String> = Vec::new();
    for pair in text.split('&') {
        let Some((key, value)) = pair.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Err("it is not a list of key=value pairs".into());
        };
        let (key, value) = (decode(key)?, decode(value)?);
        if seen.contains(&key) {
            return Err(format!("\"{}\" is given twice", short(&key)));
        }
        seen.push(key.clone());
        match key.as_str() {
            "label" => out.label = Some(value),
            "positive" => out.positive = Some(value),
            "c" => out.c = Some(number_in(&key, &value, C_RANGE)?),
            "seed" => out.seed = Some(seed(&value)?),
            "weight" if WEIGHTS.contains(&value.as_str()) => out.weight = Some(value),
            "weight" => {
                return Err(format!(
                    "\"weight\" must be one of {}, not \"{}\"",
                    WEIGHTS.join(", "),
                    short(&value)
                ))
            }
            "split" => out.split = Some(split(&value)?),
            "drop" if value.is_empty() => out.drop = Some(Vec::new()),
            "drop" => out.drop = Some(value.split(',').map(str::to_string).collect()),
            "model" if MODELS.contains(&value.as_str()) => out.model = Some(value),
            "model" => {
                return Err(format!(
                    "\"model\" must be one of {}, not \"{}\"",
                    MODELS.join(", "),
                    short(&value)
                ))
            }
            _ if key.starts_with("set.") => {
                let setting = key["set.".len()..].to_string();
                out.set.get_or_insert_with(Vec::new).push((setting, value));
            }
            _ => match FIELDS.iter().find(|(name, _)| *name == key) {
                Some(&(name, form)) => {
                    field(name, &value, form)?;
                    out.fields.get_or_insert_with(BTreeMap::new).insert(key, value);
                }
                None => return Err(format!("unknown setting \"{}\"", short(&key))),
            },
        }
    }
    // A field belongs to one kind: a network's epochs on a logistic
    // regression would be silently ignored, and the link would lie.
    let model = out.model.as_deref().unwrap_or("logistic");
    if let Some(other) = out
        .fields
        .iter()
        .flatten()
        .map(|(k, _)| k)
        .find(|k| !k.starts_with(&format!("{model}-")))
    {
        let kind = other.split('-').next().unwrap_or_default();
        return Err(format!(
            "\"{other}\" is a setting of model {kind}, but the link's model is {model}"
        ));
    }
    // Each setting as the kind's spec takes it (its range, its words),
    // applied in order to the kind's defaults as the page will apply them.
    let Some(mut spec) = ModelSpec::default_of(model) else {
        return Err(format!("\"model\" must be one of {}", MODELS.join(", ")));
    };
    for (key, value) in out.set.iter().flatten() {
        spec.set(key, value)
            .map_err(|e| format!("\"set.{}\": {}", short(key), short_message(&e)))?;
    }
    Ok(Some(out))
}

/// At most 300 characters of a message about a link's setting (an unknown
/// key's message lists every key the kind has).
fn short_message(s: &str) -> String {
    match s.char_indices().nth(300) {
        None => s.to_string(),
        Some((i, _)) => format!("{}…", &s[..i]),
    }
}

/// Checks a model field's value against its form.
fn field(key: &str, value: &str, form: Form) -> Result<(), String> {
    match form {
        Form::Count { scaled: true, .. } if value.is_empty() => Ok(()),
        Form::Count { lo, hi, scaled } => match value.parse::<u64>() {
            Ok(n) if (lo..=hi).contains(&n) && value.bytes().all(|b| b.is_ascii_digit()) => Ok(()),
            _ => Err(format!(
                "\"{key}\" must be a whole number from {lo} to {hi}{}, not \"{}\"",
                if scaled { " (or empty)" } else { "" },
                short(value)
            )),
        },
        Form::Number { lo, hi } => number_in(key, value, (lo, hi)).map(|_| ()),
        Form::Layers => {
            let widths: Vec<Option<u64>> = value
                .split(',')
                .map(|w| {
                    w.parse::<u64>()
                        .ok()
                        .filter(|n| (1..=4096).contains(n) && w.bytes().all(|b| b.is_ascii_digit()))
                })
                .collect();
            if (1..=8).contains(&widths.len()) && widths.iter().all(Option::is_some) {
                Ok(())
            } else {
                Err(format!(
                    "\"{key}\" must be 1 to 8 layer widths from 1 to 4096 like 64,32, not \"{}\"",
                    short(value)
                ))
            }
        }
        Form::Loss if LOSSES.contains(&value) => Ok(()),
        Form::Loss => Err(format!(
            "\"{key}\" must be one of {}, not \"{}\"",
            LOSSES.join(", "),
            short(value)
        )),
    }
}

/// At most 40 characters of a value from the link, for a message.
fn short(s: &str) -> String {
    match s.char_indices().nth(40) {
        None => s.to_string(),
        Some((i, _)) => format!("{}…", &s[..i]),
    }
}

/// `decodeURIComponent`: `%XX` escapes to bytes, which must form UTF-8; a
/// malformed escape is an error (not passed through, as the
/// `percent-encoding` crate would: the page's old reader refused it too).
fn decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
            let byte = hex.and_then(|h| u8::from_str_radix(h, 16).ok());
            match byte {
                Some(b) if hex.is_some_and(|h| h.bytes().all(|c| c.is_ascii_hexdigit())) => out.push(b),
                _ => return Err("it is not a list of key=value pairs".into()),
            }
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "it is not a list of key=value pairs".to_string())
}

/// A plain decimal number (as the page writes them) in `[lo, hi]`.
fn number_in(key: &str, value: &str, (lo, hi): (f64, f64)) -> Result<f64, String> {
    let plain =
        !value.is_empty() && value.len() <= 32 && value.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
    match value.parse::<f64>() {
        Ok(x) if plain && (lo..=hi).contains(&x) => Ok(x),
        _ => Err(format!(
            "\"{key}\" must be a number from {} to {}, not \"{}\"",
            plain_number(lo),
            plain_number(hi),
            short(value)
        )),
    }
}

/// `1e-6` as `0.000001`, `1e6` as `1000000`.
fn plain_number(x: f64) -> String {
    let s = format!("{x:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn seed(value: &str) -> Result<u64, String> {
    match value.parse::<u64>() {
        Ok(n) if n <= MAX_SEED && value.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        _ => Err(format!(
            "\"seed\" must be a whole number from 0 to {MAX_SEED}, not \"{}\"",
            short(value)
        )),
    }
}

fn split(value: &str) -> Result<[f64; 3], String> {
    let bad = || format!("\"split\" must be three shares like 64,16,20, not \"{}\"", short(value));
    let parts: Vec<f64> = value
        .split(',')
        .map(|p| number_in("split", p, (0.0, 100.0)))
        .collect::<Result<_, _>>()
        .map_err(|_| bad())?;
    match parts[..] {
        [train, val, test] if train > 0.0 && test > 0.0 => Ok([train, val, test]),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_links_the_page_writes_read_back() {
        let s = parse_link("#label=Class&positive=bad&c=0.5&weight=balanced&split=64,16,20&seed=7&drop=a%20b,c")
            .unwrap()
            .unwrap();
        assert_eq!(s.label.as_deref(), Some("Class"));
        assert_eq!(s.positive.as_deref(), Some("bad"));
        assert_eq!(s.split, Some([64.0, 16.0, 20.0]));
        assert_eq!(s.drop.unwrap(), ["a b", "c"]);
        assert_eq!(parse_link("#").unwrap(), None);
        assert_eq!(parse_link("").unwrap(), None);
        assert_eq!((s.model, s.fields), (None, None));
    }

    #[test]
    fn a_network_link_carries_its_kind_and_every_field() {
        let s = parse_link("#model=mlp&mlp-hidden=64,32&mlp-dropout=0.25&mlp-epochs=30&mlp-batch=&mlp-lr=0.003&mlp-loss=focal&mlp-patience=0")
            .unwrap()
            .unwrap();
        assert_eq!(s.model.as_deref(), Some("mlp"));
        let f = s.fields.unwrap();
        assert_eq!(f.len(), 7);
        assert_eq!((f["mlp-hidden"].as_str(), f["mlp-batch"].as_str()), ("64,32", ""));
        assert_eq!((f["mlp-loss"].as_str(), f["mlp-patience"].as_str()), ("focal", "0"));
        let g = parse_link("#model=gbdt&gbdt-rounds=60&gbdt-rate=0.1&gbdt-leaves=15")
            .unwrap()
            .unwrap();
        assert_eq!(g.fields.unwrap()["gbdt-rate"], "0.1");
    }

    #[test]
    fn model_fields_are_checked_and_belong_to_the_kind() {
        let e = |s: &str| parse_link(s).unwrap_err();
        assert_eq!(
            e("#model=svm"),
            "\"model\" must be one of logistic, mlp, tree, forest, gbdt, majority, not \"svm\""
        );
        // No model named: a logistic regression, which has no epochs.
        assert_eq!(
            e("#mlp-epochs=30"),
            "\"mlp-epochs\" is a setting of model mlp, but the link's model is logistic"
        );
        assert_eq!(
            e("#model=mlp&mlp-epochs=0"),
            "\"mlp-epochs\" must be a whole number from 1 to 100000 (or empty), not \"0\""
        );
        assert!(e("#model=mlp&mlp-hidden=16,,8").starts_with("\"mlp-hidden\" must be 1 to 8 layer widths"));
        assert!(e("#model=mlp&mlp-hidden=5000").contains("not \"5000\""));
        assert!(e("#model=mlp&mlp-loss=hinge").starts_with("\"mlp-loss\" must be one of bce, focal, soft_f1"));
        assert!(e("#model=forest&forest-trees=").contains("from 1 to 10000, not \"\""));
        assert!(e("#model=gbdt&gbdt-rate=2").starts_with("\"gbdt-rate\" must be a number from 0.001 to 1"));
    }

    #[test]
    fn any_setting_of_the_kind_rides_as_set_dot_key_in_order() {
        // The page writes a value's commas bare and the rest encoded:
        // `64,32` stays, `{"count":2}` is %7B%22count%22%3A2%7D.
        let s = parse_link("#model=gbdt&set.subsample=0.8&set.lambda=1&set.growth=depth_wise")
            .unwrap()
            .unwrap();
        let pairs = |v: &[(&str, &str)]| {
            v.iter()
                .map(|&(k, x)| (k.to_string(), x.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            s.set.unwrap(),
            pairs(&[("subsample", "0.8"), ("lambda", "1"), ("growth", "depth_wise")])
        );
        let m = parse_link("#model=mlp&mlp-hidden=16&set.hidden=64,32&set.loss.focal.gamma=3&set.activation=tanh")
            .unwrap()
            .unwrap();
        assert_eq!(
            m.set.unwrap(),
            pairs(&[("hidden", "64,32"), ("loss.focal.gamma", "3"), ("activation", "tanh")])
        );
        let f = parse_link("#model=forest&set.max_features=%7B%22count%22%3A2%7D")
            .unwrap()
            .unwrap();
        assert_eq!(f.set.unwrap(), pairs(&[("max_features", r#"{"count":2}"#)]));
        // No model named: logistic regression's settings.
        let l = parse_link("#c=0.5&set.fit_intercept=false&set.solver=lbfgs")
            .unwrap()
            .unwrap();
        assert_eq!(l.set.unwrap().len(), 2);
    }

    #[test]
    fn a_set_setting_is_checked_as_the_kind_takes_it() {
        let e = |s: &str| parse_link(s).unwrap_err();
        // Subsampling keeps a share of rows: (0, 1].
        let err = e("#model=gbdt&set.subsample=2");
        assert!(err.starts_with("\"set.subsample\": ") && err.contains('2'), "{err}");
        // A gbdt setting on a logistic regression (no model named).
        let err = e("#set.subsample=0.8");
        assert!(err.contains("logistic has no setting \"subsample\""), "{err}");
        assert!(e("#model=mlp&set.activation=swish").starts_with("\"set.activation\": "));
        assert!(e("#model=tree&set.max_depth=0").starts_with("\"set.max_depth\": "));
        assert_eq!(
            e("#model=gbdt&set.lambda=1&set.lambda=2"),
            "\"set.lambda\" is given twice"
        );
        // An unknown key's message lists every key: cut to 300 characters.
        let err = e(&format!("#model=mlp&set.{}=1", "k".repeat(30)));
        assert!(err.chars().count() <= 300 + 60, "{err}");
    }

    #[test]
    fn hostile_values_get_plain_reasons() {
        let e = |s: &str| parse_link(s).unwrap_err();
        assert_eq!(
            e("#weight=__proto__"),
            "\"weight\" must be one of none, balanced, oversample, undersample, smote, balanced_batches, not \"__proto__\""
        );
        assert_eq!(e("#__proto__=1"), "unknown setting \"__proto__\"");
        assert_eq!(
            e("#seed=1e300"),
            "\"seed\" must be a whole number from 0 to 9007199254740991, not \"1e300\""
        );
        assert!(e("#seed=9007199254740992").ends_with("not \"9007199254740992\""));
        assert_eq!(
            e("#c=1e-320"),
            "\"c\" must be a number from 0.000001 to 1000000, not \"1e-320\""
        );
        assert!(e("#c=Infinity").contains("not \"Infinity\""));
        assert!(e("#c=0x10").contains("not \"0x10\""));
        assert_eq!(e("#seed=1&seed=2"), "\"seed\" is given twice");
        assert_eq!(
            e("#split=0,50,50"),
            "\"split\" must be three shares like 64,16,20, not \"0,50,50\""
        );
        assert_eq!(e("#label=%E0%A4"), "it is not a list of key=value pairs");
        assert_eq!(e("#label=%zz"), "it is not a list of key=value pairs");
        assert_eq!(e("#=x"), "it is not a list of key=value pairs");
        // 2 MB label: refused by length, before decoding.
        let huge = format!("#label={}", "a".repeat(2_000_000));
        assert_eq!(
            e(&huge),
            "it is 2,000,006 characters long; a settings link has at most 8,192"
        );
        let long_value = format!("#weight={}", "w".repeat(100));
        assert!(e(&long_value).ends_with(&format!("not \"{}…\"", "w".repeat(40))));
    }
}
