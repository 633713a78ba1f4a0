//! The Chinese (简体中文) of the errors a page user can hit: a bad or
//! malformed CSV, an empty file, the label column, a split without enough
//! rows, a bad model file, a file a model cannot score, the run's own
//! refusals. One function per error type, matching on the typed error
//! (never on its English text), so every number and name of the English
//! is a value here too; `None` for a kind not translated yet, and the page
//! then frames the English in a Chinese sentence ("引擎报错：…").
//!
//! Why both languages are made in Rust at the moment of the error, rather
//! than the page's language passed in: an error is shown until the next
//! action, and a language switch relabels what is on screen in place; with
//! both wordings in the error the page switches without asking the engine
//! again (www/i18n.js picks one). The English stays the typed error's
//! `Display` (the CLI's words).

use crate::data::label::LabelError;
use crate::data::split::SplitError;
use crate::data::table::ColumnKind;
use crate::data::{DataError, DataErrorKind};
use crate::experiment::ExperimentError;
use crate::model_file::ModelFileError;
use crate::predict::PredictError;
use crate::transfer::run::TransferRunError;
use crate::transfer::TransferError;

/// A column kind as a Chinese noun.
fn kind(k: ColumnKind) -> &'static str {
    match k {
        ColumnKind::Numeric => "数值",
        ColumnKind::Boolean => "布尔值",
        ColumnKind::Categorical => "类别",
        ColumnKind::DateTime => "日期",
        ColumnKind::Text => "文本",
    }
}

/// At most 40 characters of `s`, then `…（共 N 个字符）` (cells can be huge).
fn cut(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        None => s.to_string(),
        Some((i, _)) => format!("{}…（共 {} 个字符）", &s[..i], s.chars().count()),
    }
}

/// `“a”、“b”` with at most `max` of `total` items, then `等另外 N 个`.
fn list(items: &[String], total: usize, max: usize) -> String {
    let shown: Vec<String> = items.iter().take(max).map(|v| format!("“{}”", cut(v))).collect();
    if shown.is_empty() {
        return "无".into();
    }
    let more = total.saturating_sub(shown.len());
    let mut out = shown.join("、");
    if more > 0 {
        out.push_str(&format!(" 等另外 {more} 个"));
    }
    out
}

/// A whole number with thousands separators (as the English writes counts).
fn count(n: u64) -> String {
    crate::limits::count_text(n)
}

/// A byte size as the English writes it ("1.5 MB": units read the same in Chinese).
fn bytes(n: u64) -> String {
    crate::limits::bytes_text(n as f64)
}

/// The Chinese of a data error.
pub fn data(e: &DataError) -> Option<String> {
    data_kind(e.kind())
}

/// The Chinese of a data error's kind.
pub fn data_kind(k: &DataErrorKind) -> Option<String> {
    use DataErrorKind as K;
    Some(match k {
        K::RaggedRow {
            line,
            found,
            expected,
            has_header,
        } => format!(
            "CSV 第 {line} 行：有 {found} 个字段，但{}有 {expected} 个；{}",
            if *has_header { "表头" } else { "第一行" },
            if found < expected {
                "是否缺了一个值或分隔符，或某个未加引号的字段里有换行？"
            } else {
                "是否某个未加引号的字段里含有分隔符？"
            }
        ),
        K::BadCell {
            line,
            row,
            column,
            index,
            value,
            expected,
        } => {
            let index = index.map(|i| format!("（第 {i} 列）")).unwrap_or_default();
            let place = match line {
                Some(line) => format!("CSV 第 {line} 行，列“{}”{index}", cut(column)),
                None => format!("列“{}”{index}，第 {row} 行", cut(column)),
            };
            let hint = match expected {
                ColumnKind::Numeric if value.contains(',') => {
                    "；逗号是小数点吗？请打开“小数逗号”再读取（且此列不含以“.”为小数点的值）"
                }
                ColumnKind::Numeric => "；可把此列当作类别或文本，或改正这个单元格",
                ColumnKind::Boolean => "；布尔列只接受 true/false、yes/no、y/n、t/f 或 0/1",
                _ => "；改正这个单元格，或为此列选另一种类型",
            };
            format!("{place}：“{}”不能读作{}{hint}", cut(value), kind(*expected))
        }
        K::Empty => "CSV 文件是空的：没有任何行；请选择有表头且至少有一行数据的文件".into(),
        K::NotText { offset, format } => format!(
            "这不是 CSV 文本文件：{}；请另存为 CSV（UTF-8）后再试",
            match format {
                Some(f) => format!("它看起来是 {f}"),
                None => format!("第 {offset} 字节处有一个零字节"),
            }
        ),
        K::UnterminatedQuote { line } => {
            format!("CSV 第 {line} 行：从这一行开始的带引号字段一直没有闭合；请检查是否多了一个“\"”")
        }
        K::TooManyFields { line, limit } => format!(
            "CSV 第 {line} 行：这一行的字段超过 {} 个，超出 rareclass 能读取的数量；这是每行一条记录的表格吗？",
            count(*limit as u64)
        ),
        K::FieldTooLong {
            line,
            field,
            column,
            bytes: read,
            limit,
        } => format!(
            "CSV 第 {line} 行第 {field} 个字段{}：值长于 {} 字节（已读 {} 字节），超过 rareclass 单个单元格能读取的 {}；是否有引号没有闭合？",
            column.as_deref().map(|c| format!("（列“{}”）", cut(c))).unwrap_or_default(),
            count(*limit as u64),
            count(*read as u64),
            bytes(*limit as u64)
        ),
        K::TooBig {
            file_bytes,
            rows,
            columns,
            need,
            budget,
        } => format!(
            "这个文件有 {}：约 {} 行 × {columns} 列，约需 {} 内存，超过浏览器标签页在留出训练所需空间后能容纳的 {}；请用命令行程序（rareclass）读取，或只打开部分行",
            bytes(*file_bytes),
            count(*rows),
            bytes(*need),
            bytes(*budget)
        ),
        K::LabelNotBinary { column, classes } => format!(
            "标签列“{column}”有 {} 个值（{}）；请选择正类",
            classes.len(),
            list(classes, classes.len(), 8)
        ),
        K::UnknownColumn { name, available } => format!(
            "没有名为“{}”的列；所有列为 {}",
            cut(name),
            list(available, available.len(), 8)
        ),
        _ => return None,
    })
}

/// The Chinese of a label error.
pub fn label(e: &LabelError) -> Option<String> {
    use LabelError as L;
    Some(match e {
        L::UnknownColumn { name, available } => format!(
            "标签列“{name}”不在文件中；所有列为 {}",
            list(available, available.len(), 6)
        ),
        L::OneClass { column, value } => {
            format!("标签列“{column}”只有一个值（“{value}”）；二分类器需要两个类别")
        }
        L::NotBinary {
            column,
            count,
            classes,
            numeric,
        } => format!(
            "标签列“{column}”有 {count} 个值（{}）；请选择只有两个值的列{}",
            list(classes, *count, 6),
            if *numeric {
                "，或用阈值把这个数值列二值化"
            } else {
                ""
            }
        ),
        L::PositiveNotFound { column, value, classes } => format!(
            "正类“{value}”不在标签列“{column}”中；它的值为 {}",
            list(classes, classes.len(), 6)
        ),
        L::ThresholdNeedsNumbers { column, kind: k } => {
            format!("标签列“{column}”是{}，不能按阈值切分；请改为指定它的正类值", kind(*k))
        }
        L::ThresholdOneSided {
            column,
            threshold,
            min,
            max,
        } => format!("阈值 {threshold} 把“{column}”的所有行都分到同一侧（取值范围 {min} 到 {max}）"),
        L::NoLabels { column } => format!("标签列“{column}”没有任何值"),
    })
}

/// The Chinese of a split error.
pub fn split(e: &SplitError) -> Option<String> {
    use SplitError as S;
    Some(match e {
        S::Unreadable(text) => format!("划分“{text}”不是像 0.64,0.16,0.2 这样的三个数"),
        S::BadFractions { train, val, test } => {
            format!("划分比例须在 [0, 1] 内，训练集大于 0，且三者之和为 1；实际为 {train}、{val}、{test}")
        }
        S::TooFewForFolds { folds, class, found } => format!(
            "{folds} 折交叉验证要求每个类别至少有 {folds} 行；{}只有 {found} 行",
            match *class {
                "positive" => "正类",
                "negative" => "负类",
                _ => "其中一个类别",
            }
        ),
        S::TooFewFolds(k) => format!("交叉验证至少需要 2 折，实际为 {k}"),
    })
}

/// The Chinese of a model file's refusal.
pub fn model_file(e: &ModelFileError) -> Option<String> {
    use ModelFileError as M;
    Some(match e {
        M::Empty => "模型文件是空的".into(),
        M::NotText => "这不是 rareclass 模型文件（它不是文本）".into(),
        M::Foreign => "这不是 rareclass 模型文件（没有 \"format\": \"rareclass-model\"）".into(),
        M::Newer { found, supported } => {
            format!("模型文件版本 {found} 比此 rareclass 能读取的版本（{supported}）新；请更新 rareclass")
        }
        M::UnknownVersion { found, supported } => {
            format!("模型文件的版本为 {found}，没有哪个 rareclass 写过这个版本；应为 {supported}")
        }
        M::Truncated { line, column } => {
            format!("模型文件在第 {line} 行第 {column} 列处被截断；它是否完整保存了？")
        }
        M::Damaged { line, column, message } => {
            format!("模型文件在第 {line} 行第 {column} 列处已损坏（解析器说：{message}）")
        }
        M::Inconsistent(why) => format!("模型文件的各部分不一致（{why}）"),
    })
}

/// The Chinese of a scoring refusal.
pub fn predict(e: &PredictError) -> Option<String> {
    use PredictError as P;
    Some(match e {
        P::MissingColumns { names, present } => format!(
            "模型需要列 {}，而这个文件没有{}",
            list(names, names.len(), usize::MAX),
            if *present == 0 {
                "；它没有任何一个模型用到的列：这是模型训练时的那类数据吗？"
            } else {
                ""
            }
        ),
        P::BadCell {
            column,
            expected,
            row,
            value,
        } => format!(
            "列“{column}”在训练时是{}，但第 {row} 行数据为“{}”；请改正或清空这个单元格",
            kind(*expected),
            cut(value)
        ),
        P::Kind {
            column,
            expected,
            source,
        } => format!(
            "列“{column}”在训练时是{}：{}",
            kind(*expected),
            data(source).unwrap_or_else(|| source.to_string())
        ),
        P::LabelValue {
            column,
            row,
            value,
            positive,
            negative,
        } => format!("标签列“{column}”第 {row} 行数据为“{value}”，既不是训练时的“{positive}”也不是“{negative}”"),
        _ => return None,
    })
}

/// The Chinese of a run's refusal (train, compare, cross-validation).
pub fn experiment(e: &ExperimentError) -> Option<String> {
    use ExperimentError as E;
    match e {
        E::NoLabel => Some("还没有选择标签列".into()),
        E::NoModels => Some("没有要拟合的模型".into()),
        E::BadThreshold(t) => Some(format!("阈值必须是 [0, 1] 内的数，实际为 {t}")),
        E::Kind { column, source } => data(source).map(|s| format!("列“{column}”的类型：{s}")),
        E::UnknownKindColumn(c) => Some(format!("类型设置中指定的列“{c}”不在文件中")),
        E::Label(l) => label(l),
        E::Split(s) => split(s),
        E::Pipeline(crate::pipeline::PipelineError::TooBig {
            rows,
            features,
            bytes: need,
            room,
            widest,
            widest_features,
        }) => Some(format!(
            "准备后的数据约需 {}（{} 行 × {} 个特征，每个 4 字节；仅列“{}”就变成了 {} 个特征），超过此浏览器标签页剩余的 {}；请去掉类别很多的列或把它们编码为一个数（编码方式选标签编码），只打开部分行，或使用命令行程序（rareclass）",
            crate::limits::bytes_text(*need),
            count(*rows as u64),
            count(*features as u64),
            crate::limits::shorten(widest),
            count(*widest_features as u64),
            bytes(*room)
        )),
        E::Model(crate::model_spec::ModelError::Settings { model, source }) => {
            setting(&source.to_string()).map(|s| format!("{model}：{s}"))
        }
        _ => None,
    }
}

/// A share as the transfer errors write it ("30 %").
fn share(s: f64) -> String {
    format!("{} %", crate::data::table::format_number((s * 1000.0).round() / 10.0))
}

/// The Chinese of a transfer run's refusal (the Transfer tab): the files,
/// the label, the target's labelled rows and the run's own settings. The
/// models' fit errors are left to the English (framed by the page).
pub fn transfer(e: &TransferRunError) -> Option<String> {
    use TransferError as T;
    use TransferRunError as R;
    let names = |v: &[String]| list(v, v.len(), 6);
    Some(match e {
        R::Data(d) => match d {
            T::NoLabel => "迁移：没有指定标签列；请指定源域文件的标签列".into(),
            T::BadShares { val, test } => format!(
                "迁移：目标域的比例必须在 [0, 1) 内且总和小于 1（其余用于适配）；实际为验证 {val}、测试 {test}"
            ),
            T::LabelNotInSource { name, available } => {
                format!("迁移：标签列“{name}”不在源域文件中；它的列为 {}", names(available))
            }
            T::SourceLabel(l) => format!("迁移：源域文件：{}", label(l)?),
            T::TargetLabelValue {
                column,
                row,
                value,
                positive,
                negative,
            } => format!(
                "迁移：目标域文件第 {row} 行，标签列“{column}”：“{value}”既不是源域的正类“{positive}”，也不是负类“{negative}”"
            ),
            T::TargetLabelNotNumeric { column, kind: k } => format!(
                "迁移：标签列“{column}”在目标域文件中是{}列，无法像在源域中那样按阈值划分",
                kind(*k)
            ),
            T::NoSharedColumns {
                only_in_source,
                only_in_target,
                mismatched,
            } => format!(
                "迁移：两个文件没有共同可用的特征列（{only_in_source} 列仅在源域，{only_in_target} 列仅在目标域，{mismatched} 列类型不同）；它们来自同一系统吗？"
            ),
            T::UnknownColumn { name, option } => format!("迁移：--{option} 中指定的列“{name}”不在任何一个文件中"),
            T::LogColumnNotShared { name, why } => {
                format!("迁移：--log 中指定的列“{name}”不是两个文件共有的特征（{why}）")
            }
            T::TooFewTargetLabels {
                positive,
                negative,
                positives,
                negatives,
                needed,
                val,
                test,
            } => format!(
                "迁移：目标域文件中“{positive}”类有 {positives} 个有标签行，“{negative}”类有 {negatives} 个；要让验证部分（{}）和测试部分（{}）都包含两个类别，每个类别至少需要 {needed} 个有标签行；请标注更多目标域行、降低比例，或去掉目标域标签以在没有目标域测试的情况下适配",
                share(*val),
                share(*test)
            ),
            T::Split(s) => format!("迁移：{}", split(s)?),
            _ => return None,
        },
        R::Threshold => "迁移：阈值不能是 NaN".into(),
        R::ProjectionPoints(n) => format!("迁移：projection_points 至少为 2，实际为 {n}"),
        R::IwClip(v) => format!("迁移：iw_clip 必须是 ≥ 1 的有限数，实际为 {v}"),
        R::CoralEps(v) => format!("迁移：coral_eps 必须是 ≥ 0 的有限数，实际为 {v}"),
        R::CurveShare(v) => format!("迁移：学习曲线的每个比例都必须在 (0, 1] 内，实际为 {v}"),
        R::NoTargetTest => "迁移：目标域没有有标签的测试行，因此无法比较；请为部分目标域行加标签".into(),
        R::DanParams(p) => setting(&p.to_string()).map(|s| format!("迁移：{s}"))?,
        _ => return None,
    })
}

/// The Chinese of a grid the grid search cannot read or would not search
/// (`cv::Grid`'s `FromStr`), from the refusal's fields: every kind has its
/// words, so a new kind is a compile error here rather than English on a
/// Chinese page.
pub fn grid(e: &crate::cv::GridError) -> String {
    use crate::cv::GridError as G;
    match e {
        G::NotKeyValues(part) => format!("网格项“{part}”不是 KEY=V1,V2,… 的形式"),
        G::Incomplete(part) => format!("网格项“{part}”需要一个键和至少一个值"),
        G::Twice(key) => format!("网格中“{key}”出现了两次"),
        G::Empty => format!("网格为空；请写成 {} 的形式", G::EXAMPLE),
        G::TooBig { cells, axes } => format!(
            "网格有 {} 种组合（{}）；最多搜索 {} 种：请减少取值",
            cells.map_or("超过 10^19".to_string(), |n| count(n as u64)),
            G::axes_text(axes, " × "),
            count(crate::limits::MAX_GRID_CELLS as u64)
        ),
        // `GridError` is non-exhaustive for other crates only; this arm
        // keeps the page worded if a kind is added without Chinese.
        #[allow(unreachable_patterns)]
        other => format!("网格无法读取：{other}"),
    }
}

/// A part of a setting's name as the models' checks write it, in Chinese
/// (the setting's own key, `max_iter`, `C`, stays as typed).
const SUBJECT_WORDS: [(&str, &str); 12] = [
    ("class weight of the positive class", "正类的类别权重"),
    ("class weight of the negative class", "负类的类别权重"),
    ("hidden layer ", "隐藏层 "),
    ("feature layer ", "特征层 "),
    ("focal loss ", "focal 损失的 "),
    ("early stopping patience", "早停的 patience"),
    ("balanced batches", "平衡批次"),
    (
        "ratio (minority/majority after resampling)",
        "ratio（重采样后少数类 / 多数类）",
    ),
    ("resampling", "重采样"),
    ("transfer", "迁移"),
    ("every learning-curve share", "学习曲线的每个比例"),
    ("majority baseline", "多数类基线"),
];

/// A range as the checks write it (after "must be "), in Chinese.
fn constraint(c: &str) -> Option<String> {
    let fixed = match c {
        "a positive finite number" => Some("有限正数"),
        "a positive number" => Some("正数"),
        "a finite number >= 0" | "a number ≥ 0" => Some("≥ 0 的有限数"),
        "a finite number >= 1" => Some("≥ 1 的有限数"),
        "a number in [0, 1]" => Some("[0, 1] 内的数"),
        _ => None,
    };
    if let Some(f) = fixed {
        return Some(format!("是{f}"));
    }
    let unlimited = |rest: &str| rest.replace(" (or unlimited)", "（或不限）").replace(" round", " 轮");
    if let Some(rest) = c.strip_prefix("at least ") {
        return Some(format!("至少为 {}", unlimited(rest)));
    }
    if let Some(rest) = c.strip_prefix("at most ") {
        return Some(format!("至多为 {}", unlimited(rest)));
    }
    if let Some(rest) = c.strip_prefix("in ") {
        return Some(format!("在 {rest} 内"));
    }
    None
}

/// The Chinese of a setting's refusal, `"[key=value: ][scope: ]name must be
/// RANGE, got VALUE[; hint]"` as every model's settings check writes it
/// (logistic, network, trees, boosting, resampling, DAN, transfer), read
/// from that text because the checks reach the page as text through the
/// JSON reader (serde's custom errors) and `ModelSpec::set`. `None` when the
/// text has another shape or an unknown range: the page then frames the
/// English. A hint after the value is left out (its English). The test
/// below runs the real checks, so a check reworded breaks it there.
pub fn setting(text: &str) -> Option<String> {
    // serde's " at line 1 column 225": the place in the page's own JSON, no help to a reader.
    let text = match text.rfind(" at line ") {
        Some(i) if text[i..].contains(" column ") => &text[..i],
        _ => text,
    };
    let (head, rest) = text.split_once(" must be ")?;
    let (range, tail) = rest.rsplit_once(", got ")?;
    let value = tail.split([';', ' ']).next().filter(|v| !v.is_empty())?;
    // Phrases are replaced in a segment of words only, never inside a key (`min_samples_split`).
    let subject = head
        .split(": ")
        .map(|segment| {
            let mut out = segment.to_string();
            if segment.contains(' ') || SUBJECT_WORDS.iter().any(|(en, _)| *en == segment) {
                for (en, zh) in SUBJECT_WORDS {
                    out = out.replace(en, zh);
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join("：");
    Some(format!("{subject} 必须{}，实际为 {value}", constraint(range)?))
}

/// `what` of a settings object the page sends (src/web's `from_js`), in Chinese.
pub fn settings_object(what: &str) -> &'static str {
    match what {
        "training settings" => "训练设置",
        "comparison settings" => "比较设置",
        "transfer settings" => "迁移设置",
        "explore settings" => "探索设置",
        "data check" => "数据检查设置",
        _ => "设置",
    }
}

#[cfg(test)]
mod tests {
    //! Every translated kind, built with distinctive values: its Chinese
    //! exists, holds no English sentence, and carries every number and
    //! quoted name its English carries (the slots). The values are picked
    //! here, not read from the code under test.
    use super::*;

    /// The numbers (digit runs) and double-quoted names in `text`.
    fn slots(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut digits = String::new();
        for c in text.chars().chain(std::iter::once(' ')) {
            if c.is_ascii_digit() {
                digits.push(c);
            } else if !digits.is_empty() {
                out.push(std::mem::take(&mut digits));
            }
        }
        let mut parts = text.split('"');
        parts.next();
        while let (Some(inside), Some(_)) = (parts.next(), parts.next()) {
            if !inside.is_empty() && inside.len() < 40 {
                out.push(inside.to_string());
            }
        }
        out
    }

    /// Checks one error: `zh` present, Chinese, no English word of four or
    /// more letters outside the English's own names, every slot of `en` kept.
    fn check(en: String, zh: Option<String>) {
        let zh = zh.unwrap_or_else(|| panic!("no Chinese for: {en}"));
        assert!(
            zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "not Chinese: {zh}"
        );
        for slot in slots(&en) {
            assert!(zh.contains(&slot), "slot {slot:?} of {en:?} missing from {zh:?}");
        }
        // English words left in the Chinese must be names or values the
        // English quotes (column names, formats, CSV, UTF-8, rareclass...).
        let allowed = ["rareclass", "true", "false", "format", "model"];
        let names = slots(&en);
        // A setting's key (`max_iter`) is typed as is: allowed where the English names it.
        // So is a command-line flag (`--drop`).
        let key = |w: &str| {
            en.contains(&format!("{w}=")) || en.contains(&format!("{w} must")) || en.contains(&format!("--{w}"))
        };
        for word in zh
            .split(|c: char| !(c.is_ascii_alphabetic() || c == '_'))
            .filter(|w| w.len() >= 4)
        {
            assert!(
                allowed.contains(&word) || names.iter().any(|s| s.contains(word)) || key(word),
                "English word {word:?} left in {zh:?}"
            );
        }
    }

    fn d(k: DataErrorKind) {
        let e = DataError::from(k);
        check(e.to_string(), data(&e));
    }

    #[test]
    fn data_errors_have_chinese_with_their_numbers_and_names() {
        d(DataErrorKind::RaggedRow {
            line: 17,
            found: 3,
            expected: 5,
            has_header: true,
        });
        d(DataErrorKind::RaggedRow {
            line: 23,
            found: 9,
            expected: 4,
            has_header: false,
        });
        d(DataErrorKind::BadCell {
            line: Some(41),
            row: 40,
            column: "Amount".into(),
            index: Some(6),
            value: "12,5".into(),
            expected: ColumnKind::Numeric,
        });
        d(DataErrorKind::BadCell {
            line: None,
            row: 88,
            column: "Flag".into(),
            index: None,
            value: "maybe".into(),
            expected: ColumnKind::Boolean,
        });
        d(DataErrorKind::Empty);
        d(DataErrorKind::NotText {
            offset: 12,
            format: None,
        });
        d(DataErrorKind::UnterminatedQuote { line: 314 });
        d(DataErrorKind::TooManyFields { line: 9, limit: 4096 });
        d(DataErrorKind::FieldTooLong {
            line: 7,
            field: 3,
            column: Some("Notes".into()),
            bytes: 2_000_000,
            limit: 1_000_000,
        });
        d(DataErrorKind::TooBig {
            file_bytes: 3_000_000_000,
            rows: 9_000_000,
            columns: 31,
            need: 2_000_000_000,
            budget: 1_000_000_000,
        });
        d(DataErrorKind::LabelNotBinary {
            column: "Outcome".into(),
            classes: vec!["low".into(), "mid".into(), "high".into()],
        });
        d(DataErrorKind::UnknownColumn {
            name: "Klass".into(),
            available: vec!["Time".into(), "Amount".into(), "Class".into()],
        });
    }

    #[test]
    fn label_split_file_and_scoring_errors_have_chinese_with_their_slots() {
        let cols = vec!["Time".to_string(), "V1".into(), "Class".into()];
        for e in [
            LabelError::UnknownColumn {
                name: "Klass".into(),
                available: cols.clone(),
            },
            LabelError::OneClass {
                column: "Class".into(),
                value: "0".into(),
            },
            LabelError::NotBinary {
                column: "Grade".into(),
                count: 11,
                classes: (1..=11).map(|i| format!("g{i}")).collect(),
                numeric: true,
            },
            LabelError::PositiveNotFound {
                column: "Class".into(),
                value: "fraud".into(),
                classes: vec!["0".into(), "1".into()],
            },
            LabelError::ThresholdNeedsNumbers {
                column: "Colour".into(),
                kind: ColumnKind::Categorical,
            },
            LabelError::ThresholdOneSided {
                column: "Score".into(),
                threshold: 99.5,
                min: 1.25,
                max: 7.75,
            },
            LabelError::NoLabels { column: "Class".into() },
        ] {
            check(e.to_string(), label(&e));
        }
        for e in [
            SplitError::Unreadable("0.7;0.3".into()),
            SplitError::BadFractions {
                train: 0.5,
                val: 0.25,
                test: 0.75,
            },
            SplitError::TooFewForFolds {
                folds: 5,
                class: "positive",
                found: 3,
            },
            SplitError::TooFewFolds(1),
        ] {
            check(e.to_string(), split(&e));
        }
        for e in [
            ModelFileError::Empty,
            ModelFileError::NotText,
            ModelFileError::Foreign,
            ModelFileError::Newer { found: 9, supported: 2 },
            ModelFileError::UnknownVersion {
                found: "-4".into(),
                supported: 2,
            },
            ModelFileError::Truncated { line: 12, column: 34 },
            ModelFileError::Damaged {
                line: 3,
                column: 17,
                message: "EOF".into(),
            },
        ] {
            check(e.to_string(), model_file(&e));
        }
        for e in [
            PredictError::MissingColumns {
                names: vec!["V4".into(), "V14".into()],
                present: 0,
            },
            PredictError::MissingColumns {
                names: vec!["Amount".into()],
                present: 29,
            },
            PredictError::BadCell {
                column: "Amount".into(),
                expected: ColumnKind::Numeric,
                row: 321,
                value: "n/a".into(),
            },
            PredictError::LabelValue {
                column: "Class".into(),
                row: 55,
                value: "2".into(),
                positive: "1".into(),
                negative: "0".into(),
            },
        ] {
            check(e.to_string(), predict(&e));
        }
        for e in [
            ExperimentError::NoLabel,
            ExperimentError::NoModels,
            ExperimentError::BadThreshold(1.5),
            ExperimentError::UnknownKindColumn("Amount".into()),
            ExperimentError::Split(SplitError::TooFewForFolds {
                folds: 10,
                class: "negative",
                found: 7,
            }),
            ExperimentError::Pipeline(crate::pipeline::PipelineError::TooBig {
                rows: 2_000_000,
                features: 9_031,
                bytes: 72_248_000_000.0,
                room: 3_000_000_000,
                widest: "zip".into(),
                widest_features: 9_000,
            }),
        ] {
            check(e.to_string(), experiment(&e));
        }
    }

    #[test]
    fn every_models_setting_refusals_have_chinese_with_the_value() {
        use crate::model_spec::ModelSpec;
        // Values out of each range (picked here), through the same `set`
        // the page's settings and the CLI's --set use.
        let cases = [
            ("logistic", "C", "-7.5"),
            ("logistic", "max_iter", "0"),
            ("logistic", "tol", "-3"),
            ("mlp", "epochs", "0"),
            ("mlp", "learning_rate", "-0.25"),
            ("mlp", "momentum", "1.5"),
            ("mlp", "l2", "-2"),
            ("tree", "min_samples_split", "1"),
            ("forest", "n_trees", "0"),
            ("gbdt", "learning_rate", "-0.5"),
            ("gbdt", "max_bins", "999"),
            ("gbdt", "max_leaves", "1"),
        ];
        let mut seen = 0;
        for (kind, key, value) in cases {
            let mut spec = ModelSpec::default_of(kind).expect(kind);
            let Err(en) = spec.set(key, value) else {
                panic!("{kind} {key}={value} was taken")
            };
            check(en.clone(), setting(&en));
            assert!(setting(&en).unwrap().contains(value), "{en}");
            seen += 1;
        }
        assert_eq!(seen, cases.len());
        // serde's place is left out; an unknown shape is None (the page frames it).
        let zh = setting("models[0]: C must be a positive finite number, got -1 at line 1 column 225").unwrap();
        assert!(zh.contains("-1") && !zh.contains("225"), "{zh}");
        assert_eq!(setting("x has 3 rows but y has 4 labels; they must match"), None);
    }

    #[test]
    fn transfer_refusals_have_chinese_with_their_slots() {
        use crate::transfer::run::TransferRunError as R;
        use crate::transfer::TransferError as T;
        let data = [
            T::NoLabel,
            T::BadShares { val: 0.7, test: 0.45 },
            T::LabelNotInSource {
                name: "Klass".into(),
                available: vec!["Time".into(), "Amount".into(), "Class".into()],
            },
            T::TargetLabelValue {
                column: "Class".into(),
                row: 17,
                value: "maybe".into(),
                positive: "bad".into(),
                negative: "good".into(),
            },
            T::TargetLabelNotNumeric {
                column: "Score".into(),
                kind: ColumnKind::Categorical,
            },
            T::NoSharedColumns {
                only_in_source: 4,
                only_in_target: 7,
                mismatched: 2,
            },
            T::UnknownColumn {
                name: "Tiem".into(),
                option: "drop",
            },
            T::LogColumnNotShared {
                name: "Amount".into(),
                why: "only in the source".into(),
            },
            T::TooFewTargetLabels {
                positive: "bad".into(),
                negative: "good".into(),
                positives: 3,
                negatives: 250,
                needed: 4,
                val: 0.3,
                test: 0.2,
            },
        ];
        for d in data {
            let e = R::Data(d);
            // The English's "why" of LogColumnNotShared is a reason in English, carried as is.
            if matches!(&e, R::Data(T::LogColumnNotShared { .. })) {
                assert!(transfer(&e).is_some_and(|z| z.contains("“Amount”")));
                continue;
            }
            check(e.to_string(), transfer(&e));
        }
        for e in [
            R::Threshold,
            R::ProjectionPoints(1),
            R::IwClip(0.5),
            R::CoralEps(-1.0),
            R::CurveShare(1.5),
            R::NoTargetTest,
        ] {
            check(e.to_string(), transfer(&e));
        }
        // A cancel is no refusal: never worded.
        assert_eq!(transfer(&R::Cancelled), None);
    }

    #[test]
    fn grid_refusals_have_chinese_with_their_slots() {
        use crate::cv::Grid;
        let big = (0..30).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        for text in ["C".to_string(), "C=".to_string(), "C=1,2;C=3".to_string()] {
            let e = text.parse::<Grid>().expect_err(&text);
            check(e.to_string(), Some(grid(&e)));
        }
        // Too many cells: the counts and the axes (keys as typed) are kept.
        let e = format!("C={big};tol={big};max_iter={big}")
            .parse::<Grid>()
            .expect_err("too big");
        assert_eq!(
            grid(&e),
            "网格有 27,000 种组合（30 C × 30 tol × 30 max_iter）；最多搜索 10,000 种：请减少取值"
        );
        // The empty grid's example is a grid to type (its words are keys and values).
        let e = " ; ".parse::<Grid>().expect_err("empty");
        let zh = grid(&e);
        assert!(
            zh.starts_with("网格为空") && zh.contains("C=0.01,1,100;class_weight=none,balanced"),
            "{zh}"
        );
    }

    #[test]
    fn a_slot_left_out_is_caught() {
        // The check itself can fail: a Chinese sentence without the line number.
        let en = DataError::from(DataErrorKind::UnterminatedQuote { line: 314 }).to_string();
        let missed = std::panic::catch_unwind(|| check(en, Some("CSV 文件有引号没有闭合".into())));
        assert!(missed.is_err());
    }
}
