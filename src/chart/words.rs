//! The words on the charts in the page's language: titles, axis titles,
//! legend entries, notes and hover read-outs. A chart builder writes its
//! English and asks [`Theme::say`] (a fixed phrase) or [`Theme::fill`] (a
//! phrase with numbers or names in `{}` slots) for the words in the
//! theme's [`Lang`]; the Chinese lives in one table here, keyed by the
//! English, so a builder reads as before and a missing translation shows
//! the English (the test below lists every phrase the chart modules use
//! that has no Chinese). Numbers are formatted by the caller (`ticks.rs`):
//! digits are the same in both languages. Knows nothing of layout.
//!
//! Why a table keyed by the English rather than an enum of message ids: the
//! builders are edited by several people at once; a phrase stays where it
//! is read and the only new thing at each site is `theme.say(..)`.

use std::fmt::Display;

use serde::{Deserialize, Serialize};

use super::theme::Theme;

/// The language of a chart's words: `"en"` or `"zh"` (简体中文) in a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English (the builders' own words).
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// `Zh` for `"zh"` and any `zh-…` tag, else `En` (so an unknown code still draws).
    pub fn from_code(code: &str) -> Lang {
        let c = code.to_ascii_lowercase();
        if c == "zh" || c.starts_with("zh-") {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}

/// The Chinese of the English phrase `en`, if the table has it.
fn chinese(en: &str) -> Option<&'static str> {
    Some(match en {
        // ROC and precision–recall (charts.rs, compare.rs, cv.rs)
        "Chance" => "随机猜测",
        "Chance (positive rate {})" => "随机猜测（正例率 {}）",
        "Chance (test positive rate {})" => "随机猜测（测试集正例率 {}）",
        "ROC curve" => "ROC 曲线",
        "Precision–recall curve" => "精确率–召回率曲线",
        "{} · dots at threshold {}" => "{} · 圆点为阈值 {} 处",
        "False positive rate (FP ÷ actual negatives)" => "假正率（FP ÷ 负例数）",
        "True positive rate (TP ÷ actual positives)" => "真正率（TP ÷ 正例数）",
        "Recall (TP ÷ actual positives)" => "召回率（TP ÷ 正例数）",
        "Precision (TP ÷ predicted positives)" => "精确率（TP ÷ 预测正例数）",
        "recall" => "召回率",
        "precision" => "精确率",
        "threshold" => "阈值",
        "threshold {}" => "阈值 {}",
        " at threshold {}" => "（阈值 {}）",
        "{} at threshold {}: {}" => "{}（阈值 {}）：{}",
        "{}{}: {} {}, {} {}" => "{}{}：{} {}，{} {}",
        "no curve to show" => "没有可显示的曲线",
        "ROC curves · train solid, test dashed" => "ROC 曲线 · 训练集实线，测试集虚线",
        "Precision–recall curves · train solid, test dashed" => "精确率–召回率曲线 · 训练集实线，测试集虚线",
        "train (solid)" => "训练集（实线）",
        "{} (filled)" => "{}（实心标记）",
        "train (hollow)" => "训练集（空心标记）",
        "training (hollow)" => "训练集（空心标记）",
        "validation (filled)" => "验证集（实心标记）",
        "test" => "测试集",
        "ROC curves · train and test rows" => "ROC 曲线 · 训练集与测试集",
        "ROC curves · test rows" => "ROC 曲线 · 测试集",
        "Precision–recall curves · train and test rows" => "精确率–召回率曲线 · 训练集与测试集",
        "Precision–recall curves · test rows" => "精确率–召回率曲线 · 测试集",
        "{} (train)" => "{}（训练集）",
        "{} (test)" => "{}（测试集）",
        "test (dashed)" => "测试集（虚线）",
        "ROC curve per fold and mean" => "各折的 ROC 曲线及其平均",
        "Fold {}" => "第 {} 折",
        "Folds ({})" => "各折（{}）",
        "no fold curve to show" => "没有可显示的折曲线",
        // Scores, metrics vs threshold, KS (charts.rs)
        "Score distribution by class" => "各类别的得分分布",
        "Score (predicted probability of the positive class)" => "得分（预测为正类的概率）",
        "score" => "得分",
        "Rows per bin (log scale)" => "每个分箱的行数（对数刻度）",
        "Rows per bin" => "每个分箱的行数",
        "rows" => "行数",
        "Negatives (n = {})" => "负例（n = {}）",
        "Positives (n = {})" => "正例（n = {}）",
        "no scores to show" => "没有可显示的得分",
        "Precision" => "精确率",
        "Recall" => "召回率",
        "Precision, recall and F1 vs threshold" => "精确率、召回率和 F1 随阈值的变化",
        "Threshold (predict positive when score ≥ t)" => "阈值（得分 ≥ t 时预测为正类）",
        "Metric value (0–1)" => "指标值（0–1）",
        "value" => "值",
        "no thresholds to show" => "没有可显示的阈值",
        "KS curve" => "KS 曲线",
        "KS curve · KS {}" => "KS 曲线 · KS {}",
        "KS {} at t = {}" => "t = {1} 时 KS = {0}",
        "Share of class with score ≥ t" => "该类中得分 ≥ t 的比例",
        "share" => "比例",
        "TPR (positives)" => "TPR（正例）",
        "FPR (negatives)" => "FPR（负例）",
        // Training histories (charts.rs, compare.rs, web)
        "Training history" => "训练历史",
        "Epoch" => "轮次",
        "epoch" => "轮次",
        "no epochs yet" => "还没有训练轮次",
        "no steps yet" => "还没有训练步",
        "Loss" => "损失",
        "PR-AUC" => "PR-AUC",
        "Loss (log scale)" => "损失（对数刻度）",
        "loss" => "损失",
        "PR-AUC (average precision)" => "PR-AUC（平均精确率）",
        "Precision at 0.5" => "阈值 0.5 时的精确率",
        "Recall at 0.5" => "阈值 0.5 时的召回率",
        "training" => "训练集",
        "validation" => "验证集",
        "training loss" => "训练损失",
        "validation loss" => "验证损失",
        "no epochs (not a neural network)" => "没有训练轮次（不是神经网络）",
        "training objective" => "训练目标函数",
        "Objective (log)" => "目标函数（对数）",
        // Confusion matrix (confusion.rs)
        "Confusion matrix" => "混淆矩阵",
        "Confusion matrix at threshold {}" => "阈值 {} 下的混淆矩阵",
        "true negatives" => "真负例",
        "false positives" => "假正例",
        "false negatives" => "假负例",
        "true positives" => "真正例",
        "{} {}: {} of {} actual {}" => "{0} 个{1}：占 {3} 个实际为 {4} 的行的 {2}",
        "Predicted class" => "预测类别",
        "Actual class" => "实际类别",
        // Explore (explore.rs)
        "Density (each class sums to 1)" => "密度（每个类别之和为 1）",
        "density" => "密度",
        "log10(1 + rows per bin)" => "log10(1 + 每个分箱的行数)",
        "log10(1 + rows)" => "log10(1 + 行数)",
        " (log10 of 1 + rows)" => "（1 + 行数的 log10）",
        "Negatives" => "负例",
        "Positives" => "正例",
        "Class" => "类别",
        "{} by class" => "{}：按类别",
        "{} vs {} by class" => "{} 与 {}：按类别",
        "{} outliers" => "{} 个离群点",
        "no values to show" => "没有可显示的值",
        "{}: median {}, quartiles {} – {}, whiskers {} – {}, {} outliers, n = {}" => {
            "{}：中位数 {}，四分位数 {} – {}，须线 {} – {}，{} 个离群点，n = {}"
        }
        "Spearman correlation" => "斯皮尔曼相关系数",
        "Pearson correlation" => "皮尔逊相关系数",
        "undefined" => "无定义",
        "Mostly negatives" => "以负例为主",
        "Mostly positives" => "以正例为主",
        "{} positives, {} negatives ({} of the density is positive)" => "{} 个正例，{} 个负例（密度中正例占 {}）",
        // Result views (result_views.rs, views.rs)
        "mean score {}, positives {} of {} rows" => "平均得分 {}，{2} 行中有 {1} 个正例",
        "Reliability curve · {}" => "可靠性曲线 · {}",
        "{} equal-width bins" => "{} 个等宽分箱",
        "{} equal-count bins" => "{} 个等频分箱",
        "Mean predicted probability in the bin" => "分箱内的平均预测概率",
        "Share of positives in the bin" => "分箱内正例的比例",
        "positives" => "正例",
        "Perfectly calibrated" => "完美校准",
        "no bins to show" => "没有可显示的分箱",
        "Random" => "随机排序",
        "Perfect" => "完美排序",
        "Cumulative gain" => "累积增益",
        "Share of rows, highest scores first" => "行的比例（按得分从高到低）",
        "Share of all positives found" => "已找到的正例占全部正例的比例",
        "Random (lift 1)" => "随机排序（提升度 1）",
        "Lift" => "提升度",
        "Share of rows, highest scores first (log scale)" => "行的比例（按得分从高到低，对数刻度）",
        "Lift (positive rate ÷ overall rate)" => "提升度（正例率 ÷ 总体正例率）",
        "lift" => "提升度",
        "top {} of scores: {} of the positives, lift {}" => "得分最高的前 {}：包含 {} 的正例，提升度 {}",
        "{}: {} per standard deviation (coefficient {} × std {}); {} pushes towards {}" => {
            "{}：每个标准差 {}（系数 {} × 标准差 {}）；{}越推向 {}"
        }
        "a larger value" => "取值越大",
        "a smaller value" => "取值越小",
        "Coefficients · {}" => "系数 · {}",
        "{} · Brier score {}" => "{} · Brier 分数 {}",
        "{} · {} more not shown" => "{} · 另有 {} 项未显示",
        "Log-odds per standard deviation" => "每个标准差对应的对数几率变化",
        "coefficients are shown for logistic regression" => "仅对逻辑回归显示系数",
        "{}: {} drops by {} ± {} over {} shuffles" => "{0}：打乱 {4} 次，{1} 平均下降 {2} ± {3}",
        "Permutation importance · {}" => "置换重要性 · {}",
        "Drop in {}, column shuffled" => "打乱该列后 {} 的下降量",
        "no importance: the validation rows are missing or one class" => {
            "没有置换重要性：缺少验证集，或验证集只有一个类别"
        }
        // Transfer (transfer.rs, views.rs)
        "DAN training: losses and λ" => "DAN 训练：损失与 λ",
        "Step (512 source + 512 target rows)" => "训练步（每步 512 行源域 + 512 行目标域）",
        "step" => "步",
        "Step" => "训练步",
        "Value (log scale)" => "值（对数刻度）",
        "classification loss" => "分类损失",
        "MMD loss" => "MMD 损失",
        "best step {}: ROC-AUC {} (weights kept)" => "最佳步 {}：ROC-AUC {}（保留该步的权重）",
        "Target validation" => "目标域验证",
        "ROC-AUC and KS (target validation rows)" => "ROC-AUC 与 KS（目标域验证集）",
        "no validation yet" => "还没有验证结果",
        "source" => "源域",
        "target" => "目标域",
        "PC 1 ({} % of variance)" => "PC 1（解释 {}% 的方差）",
        "PC 2 ({} %)" => "PC 2（{}%）",
        "Source-only network features (PCA)" => "仅源域网络的特征（PCA）",
        "DAN features (PCA)" => "DAN 的特征（PCA）",
        _ => return None,
    })
}

/// The words model names are made of (`ModelSpec::name`, the Compare
/// tab's set, the simple-model check), longest first so that "trees" is
/// taken before "tree"; a name's numbers, `C=1` and `SMOTE k=5` stay.
const MODEL_WORDS: [(&str, &str); 32] = [
    ("importance-weighted network", "重要性加权网络"),
    ("importance-weighted ", "重要性加权的"),
    ("source + target", "源域 + 目标域"),
    ("same network", "同一网络"),
    ("random forest", "随机森林"),
    ("source only", "仅源域"),
    ("target only", "仅目标域"),
    ("logistic regression", "逻辑回归"),
    ("network", "网络"),
    ("majority class", "多数类基线"),
    ("balanced batches", "平衡批次"),
    ("boosted trees", "梯度提升树"),
    ("class-weighted", "类别权重"),
    ("undersampled", "欠采样"),
    ("oversampled", "过采样"),
    ("focal loss", "焦点损失"),
    ("logistic", "逻辑回归"),
    ("baseline", "基线"),
    ("balanced", "平衡类别权重"),
    ("weights", "权重"),
    ("soft-F1", "软 F1"),
    ("forest", "随机森林"),
    ("rounds", "轮"),
    ("linear", "线性"),
    ("depth", "深度"),
    ("focal", "焦点损失"),
    ("trees", "棵树"),
    ("gbdt", "梯度提升树"),
    ("tree", "决策树"),
    ("rate", "学习率"),
    (", ", "，"),
    (" (", "（"),
];

/// Model name `name` (as `ModelSpec::name` writes it: `"logistic (C=1,
/// balanced)"`) in `lang`: its words from [`MODEL_WORDS`], Chinese
/// parentheses and commas. The page's `S.shownModelName` (www/strings_zh.js)
/// does the same for the names it shows outside the charts.
pub fn model_name(lang: Lang, name: &str) -> String {
    if lang == Lang::En {
        return name.to_string();
    }
    let mut out = name.to_string();
    for (en, zh) in MODEL_WORDS {
        out = out.replace(en, zh);
    }
    // The opening bracket became "（": close it the same way.
    if out.contains('（') {
        out = out.replace(')', "）");
    }
    out
}

/// `en` in `lang`: the table's Chinese, or `en` itself.
pub fn say(lang: Lang, en: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => chinese(en).unwrap_or(en),
    }
}

/// Template `en` in `lang` with `args` in its slots: `{}` takes the next
/// argument, `{N}` argument N (so a translation may reorder them). A slot
/// with no argument stays empty.
pub fn fill(lang: Lang, en: &'static str, args: &[&dyn Display]) -> String {
    let template = say(lang, en);
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut next = 0;
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if after[..close].chars().all(|c| c.is_ascii_digit()) => {
                let index = if close == 0 {
                    next += 1;
                    next - 1
                } else {
                    after[..close].parse().unwrap_or(usize::MAX)
                };
                if let Some(a) = args.get(index) {
                    out.push_str(&a.to_string());
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

impl Theme {
    /// Fixed phrase `en` in this chart's language ([`say`]).
    pub fn say(&self, en: &'static str) -> &'static str {
        say(self.lang, en)
    }

    /// Template `en` in this chart's language with `args` in its slots ([`fill`]).
    pub fn fill(&self, en: &'static str, args: &[&dyn Display]) -> String {
        fill(self.lang, en, args)
    }

    /// Model name `name` in this chart's language ([`model_name`]).
    pub fn model_name(&self, name: &str) -> String {
        model_name(self.lang, name)
    }

    /// This theme with its words in `lang`.
    pub fn in_lang(mut self, lang: Lang) -> Theme {
        self.lang = lang;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The argument slots of a template: "{}" counted in order, "{N}" by number.
    fn slots(t: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut next = 0;
        let mut rest = t;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else { break };
            if close == 0 {
                out.push(next);
                next += 1;
            } else if let Ok(n) = after[..close].parse() {
                out.push(n);
            }
            rest = &after[close + 1..];
        }
        out.sort_unstable();
        out
    }

    // Every `say("…")` and `fill("…"` literal in the chart modules' source
    // (outside their tests), with the file it is in.
    fn phrases() -> Vec<(&'static str, String)> {
        let files = [
            ("charts.rs", include_str!("charts.rs")),
            ("compare.rs", include_str!("compare.rs")),
            ("confusion.rs", include_str!("confusion.rs")),
            ("cv.rs", include_str!("cv.rs")),
            ("explore.rs", include_str!("explore.rs")),
            ("result_views.rs", include_str!("result_views.rs")),
            ("transfer.rs", include_str!("transfer.rs")),
            ("views.rs", include_str!("views.rs")),
            ("xy.rs", include_str!("xy.rs")),
            ("layout.rs", include_str!("layout.rs")),
        ];
        let mut out = Vec::new();
        for (file, text) in files {
            let code = text.split("#[cfg(test)]").next().unwrap_or(text);
            for call in ["say(\"", "fill(\""] {
                for piece in code.split(call).skip(1) {
                    // A literal without escapes (the phrases have none) ends at the next quote.
                    if let Some(end) = piece.find('"') {
                        out.push((file, piece[..end].to_string()));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn every_chart_phrase_has_chinese_with_the_same_slots() {
        let found = phrases();
        assert!(found.len() > 100, "the scan finds the phrases ({} found)", found.len());
        let mut missing = Vec::new();
        for (file, en) in &found {
            match chinese(en) {
                None => missing.push(format!("{file}: {en:?} has no Chinese")),
                Some(zh) if slots(zh) != slots(en) => missing.push(format!("{file}: {en:?} → {zh:?}: other slots")),
                Some(_) => {}
            }
        }
        assert!(missing.is_empty(), "{}", missing.join("\n"));
    }

    #[test]
    fn fill_puts_arguments_in_order_or_by_number() {
        assert_eq!(
            fill(Lang::En, "KS {} at t = {}", &[&"0.412", &"0.31"]),
            "KS 0.412 at t = 0.31"
        );
        // The Chinese names t first: {1} then {0}.
        assert_eq!(
            fill(Lang::Zh, "KS {} at t = {}", &[&"0.412", &"0.31"]),
            "t = 0.31 时 KS = 0.412"
        );
        assert_eq!(fill(Lang::Zh, "Negatives (n = {})", &[&"9,340"]), "负例（n = 9,340）");
        // Not in the table: the English, filled.
        assert_eq!(fill(Lang::Zh, "{} of {}", &[&1, &2]), "1 of 2");
        // A brace that is not a slot stays; a slot without an argument is empty.
        assert_eq!(fill(Lang::En, "{x} {}", &[]), "{x} ");
    }

    #[test]
    fn model_names_are_translated_word_by_word() {
        assert_eq!(model_name(Lang::Zh, "#1 logistic (C=1)"), "#1 逻辑回归（C=1）");
        assert_eq!(
            model_name(Lang::Zh, "logistic (C=0.5, balanced, SMOTE k=5)"),
            "逻辑回归（C=0.5，平衡类别权重，SMOTE k=5）"
        );
        assert_eq!(
            model_name(Lang::Zh, "forest (300 trees, oversampled)"),
            "随机森林（300 棵树，过采样）"
        );
        assert_eq!(model_name(Lang::Zh, "tree (depth 5)"), "决策树（深度 5）");
        assert_eq!(
            model_name(Lang::Zh, "gbdt (300 rounds, rate 0.1)"),
            "梯度提升树（300 轮，学习率 0.1）"
        );
        assert_eq!(
            model_name(Lang::Zh, "MLP (64-32, balanced batches, soft-F1)"),
            "MLP（64-32，平衡批次，软 F1）"
        );
        assert_eq!(model_name(Lang::Zh, "majority class"), "多数类基线");
        assert_eq!(
            model_name(Lang::Zh, "logistic regression, source only"),
            "逻辑回归，仅源域"
        );
        assert_eq!(model_name(Lang::Zh, "CORAL + network"), "CORAL + 网络");
        assert_eq!(model_name(Lang::En, "tree (depth 5)"), "tree (depth 5)");
    }

    #[test]
    fn say_is_english_unless_chinese() {
        assert_eq!(say(Lang::En, "ROC curve"), "ROC curve");
        assert_eq!(say(Lang::Zh, "ROC curve"), "ROC 曲线");
        assert_eq!(say(Lang::Zh, "not a phrase of ours"), "not a phrase of ours");
        assert_eq!(Lang::from_code("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_code("en"), Lang::En);
        assert_eq!(Lang::from_code(""), Lang::En);
        let t = Theme::light().in_lang(Lang::Zh);
        assert_eq!(t.say("Lift"), "提升度");
        assert_eq!(serde_json::from_str::<Lang>("\"zh\"").unwrap(), Lang::Zh);
    }
}
