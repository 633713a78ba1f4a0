// 简体中文: the Chinese twin of www/strings.js, block for block and key for
// key (tests/e2e/strings.test.mjs checks the keys and each function's
// placeholders). www/i18n.js copies these into strings.js's tables when the
// page is switched to Chinese. Terms follow Chinese ML tutorials and are the
// same everywhere: 精确率, 召回率, 阈值, 混淆矩阵, 过采样, 欠采样, 类别权重, 早停,
// 正类 / 负类 (classes), 正例 / 负例 (rows), 训练集 / 验证集 / 测试集.
// Knows nothing of the DOM.

/** Locale for numbers (thousands separators, decimals). */
export const LOCALE = 'zh-CN';

// Longest first ("trees" before "tree"): the words model names are made of.
const MODEL_WORDS = [
  ['importance-weighted network', '重要性加权网络'], ['importance-weighted ', '重要性加权的'],
  ['source + target', '源域 + 目标域'], ['same network', '同一网络'], ['random forest', '随机森林'],
  ['source only', '仅源域'], ['target only', '仅目标域'], ['logistic regression', '逻辑回归'], ['network', '网络'],
  ['majority class', '多数类基线'], ['balanced batches', '平衡批次'], ['boosted trees', '梯度提升树'],
  ['class-weighted', '类别权重'], ['undersampled', '欠采样'], ['oversampled', '过采样'], ['focal loss', '焦点损失'],
  ['logistic', '逻辑回归'], ['baseline', '基线'], ['balanced', '平衡类别权重'], ['weights', '权重'], ['soft-F1', '软 F1'],
  ['forest', '随机森林'], ['rounds', '轮'], ['linear', '线性'], ['depth', '深度'], ['focal', '焦点损失'],
  ['trees', '棵树'], ['gbdt', '梯度提升树'], ['tree', '决策树'], ['rate', '学习率'], [', ', '，'], [' (', '（'],
];

export const S = {
  title: 'rareclass',
  tagline: '面向不平衡表格数据的二分类工作台。完全在浏览器中运行：你的数据不会离开这台电脑。',
  dataHeading: '数据',
  fileLabel: '打开 CSV 文件…',
  dropHint: '或将文件拖放到本页任意位置',
  demoButton: '加载示例数据（lending_club.csv）',
  loadingDemo: (name) => `正在加载示例数据（${name}）…`,
  reading: (name, done, total) => total ? `正在读取 ${name}：${done} / ${total}` : `正在读取 ${name}：${done}`,
  loaded: (name, took) => `已读取 ${name}，用时 ${took}。`,
  starting: '正在启动计算引擎…',
  errorPrefix: (name) => `无法读取 ${name}：`,
  loadingFullEngine: '正在加载完整引擎（随机森林、神经网络、梯度提升树、比较、探索、保存的模型）…',
  engineFailed: '计算引擎无法启动：',
  engineRestarted: (why, results) => `计算引擎已停止（${why}）并已重启：正在重新读取你的文件，你的设置${results ? '和结果' : ''}都会保留。`,
  engineRestartedTwice: (why) => `第二次读取你的文件时计算引擎再次停止（${why}）：引擎已重启但未载入文件；请重新打开该文件或换一个文件。`,
  workerSilent: '它不再响应',
  workerDied: '它已退出',
  fetchFailed: (status) => `服务器返回 ${status}`,
  summaryHeading: '列',
  summaryLine: (rows, cols) => `${rows} 行 × ${cols} 列`,
  columnHeaders: ['列', '类型', '缺失', '最小值', '均值', '最大值', '常见取值', '使用'],
  kinds: { numeric: '数值', boolean: '布尔', categorical: '类别', date_time: '日期/时间', text: '文本' },
  kindLabel: (name) => `列 ${name} 的类型`,
  useLabel: (name) => `将列 ${name} 用作特征`,
  isLabel: '标签',
  none: '—',
  topValue: (value, count) => `${value}（${count}）`,
  emptyValue: '（空）',
  footer: 'rareclass',
  duration: { seconds: (x) => `${x} 秒`, minutes: (m, s) => `${m} 分 ${s} 秒` },
  version: (v) => `v${v}`,

  labelHeading: '标签',
  labelColumn: '标签列',
  positiveClass: '正类（少数类）',
  balance: (pos, total, pct) => `${pos} / ${total} = ${pct}%`,
  moreValues: '该列的取值多于两个；请选择只有两个取值的列。',

  trainHeading: '模型',
  modelName: '选择模型及其处理少数类的方式。',
  modelKindLabel: '模型',
  modelKinds: { logistic: '逻辑回归', mlp: '神经网络（MLP）', tree: '决策树', forest: '随机森林', gbdt: '梯度提升树', majority: '多数类基线' },
  modelFields: {
    'mlp-hidden': '隐藏层宽度（逗号分隔）', 'mlp-dropout': '每个隐藏层后的随机失活比例',
    'mlp-epochs': '轮数（上限；留空 = 按行数确定）', 'mlp-batch': '批大小（留空 = 按行数确定）', 'mlp-lr': '学习率（Adam）',
    'mlp-loss': '损失函数', 'mlp-patience': '早停耐心值（轮；0 = 关闭；留空 = 按行数确定）',
    'tree-depth': '最大深度', 'forest-trees': '树的数量', 'forest-depth': '最大深度（留空 = 不限）',
    'gbdt-rounds': '提升轮数（上限；按验证集 PR-AUC 早停）', 'gbdt-rate': '学习率（收缩系数）',
    'gbdt-leaves': '每棵树的叶子数',
  },
  losses: { bce: '二元交叉熵', focal: '焦点损失（γ 2，α 0.25）', soft_f1: '软 F1' },
  // ---- pageset: 训练页的“全部设置”（www/models.js）----
  allSettings: {
    summary: '全部设置',
    note: '此模型的其余所有设置，均为默认值。只有您修改过的设置会被使用，链接也会带上它们。',
    none: '无',
    refused: (why) => `此模型的设置无法使用：${why}`,
  },
  // ---- end pageset ----
  cLabel: 'C（正则化强度的倒数）',
  weightLabel: '不平衡处理方法',
  weights: {
    none: '无', balanced: '类别权重（平衡）', oversample: '对少数类过采样',
    undersample: '对多数类欠采样', smote: 'SMOTE（k = 5）', balanced_batches: '平衡批次（50/50）',
  },
  splitLabel: '划分：训练 / 验证 / 测试（%）',
  splitTrain: '训练集比例（%）',
  splitVal: '验证集比例（%）',
  splitTest: '测试集比例（%）',
  seedLabel: '随机种子',
  train: '训练',
  cancel: '取消',
  stages: { prepare: '准备数据', check: '检查数据', fit: '拟合', evaluate: '评估' },
  timeLeft: (took) => `最多还需约 ${took}`,
  atMost: (n, units) => `最多 ${n} ${units}`,
  units: { iteration: '次迭代', epoch: '轮', round: '轮', step: '步' },
  historyAxis: { iteration: '求解器迭代次数', epoch: '轮次' },
  trainedIn: (name, took) => `已训练${name}，用时 ${took}。`,
  // The words of the core's model names (src/chart/words.rs's MODEL_WORDS, the same list).
  shownModelName: (name) => {
    let out = String(name);
    for (const [en, zh] of MODEL_WORDS) out = out.split(en).join(zh);
    return out.includes('（') ? out.split(')').join('）') : out;
  },
  restoring: (i, n) => `正在恢复之前的结果：第 ${i} / ${n} 次运行…`,
  restored: (n) => `已恢复之前的结果（${n} 次运行）。`,
  resultsOf: (run, file) => `在 ${file} 上的第 ${run} 次运行`,
  cancelled: '训练已取消。',
  trainFailed: '训练失败：',
  noTable: '请先打开一个 CSV 文件。',

  resultsHeading: '结果',
  noResults: '训练一个模型后，结果会显示在这里。',
  showing: '运行',
  part: '数据行',
  parts: { test: '测试集', val: '验证集', train: '训练集' },
  clearRuns: '清除运行记录',
  saveReport: '保存报告（JSON）',
  moreMetric: { specificity: '特异度', balanced_accuracy: '平衡准确率', mcc: 'MCC', brier: 'Brier 分数' },
  splitInfo: (rows, pos) => `${rows} 行，其中 ${pos} 个正例`,
  cards: {
    roc_auc: 'ROC-AUC', pr_auc: 'PR-AUC', ks: 'KS', log_loss: '对数损失',
    precision: '精确率', recall: '召回率', f1: 'F1', accuracy: '准确率',
  },
  majority: (v) => `多数类：${v}`,
  atThreshold: '在当前阈值下',
  thresholdLabel: '阈值',
  bestF1: '最佳 F1（验证集）',
  recallAtLeast: '召回率 ≥（验证集）',
  precisionAtLeast: '精确率 ≥（验证集）',
  precisionTarget: '精确率目标',
  recallTarget: '召回率目标',
  costHeading: '代价：',
  costMissed: '漏掉一个正例',
  costFalse: '一次误报',
  cheapest: '代价最低的阈值（验证集）',
  scaled: '已缩放',
  choosersNote: '阈值按钮总是在验证集上选择阈值，无论当前显示哪部分数据：测试集只用于报告结果。',
  noValidation: '阈值按钮在验证集上选择阈值，而当前划分没有验证集：请给验证集分配比例（例如 64 / 16 / 20）后重新训练。',
  cm: { title: '混淆矩阵', actual: '实际', predicted: '预测', tp: 'TP', fp: 'FP', tn: 'TN', fn: 'FN' },
  cmLine: (tp, fp, tn, fn) => `TP ${tp} · FP ${fp} · TN ${tn} · FN ${fn}`,
  charts: {
    roc: 'ROC 曲线', pr: '精确率–召回率曲线', confusion: '混淆矩阵',
    scores: '得分分布', threshold: '各指标随阈值的变化', ks: 'KS 曲线',
    history: '训练历史：每次求解器迭代或每轮的损失',
  },
  logCount: '对数计数',
  warnings: '警告',
  keepAnyway: (column) => `仍然保留“${column}”`,
  keptNote: (columns) => `已保留（之后的运行会把它们用作特征）：${columns}。重新训练后生效。`,
  saveModel: '保存模型（JSON）',
  exportFormatLabel: '导出格式',
  exportFormats: {
    onnx: 'ONNX（ONNX Runtime、Spark）',
    sklearn: 'scikit-learn 脚本',
    notebook: 'Jupyter 笔记本',
    pyspark: 'PySpark 脚本（逻辑回归）',
  },
  exportModel: '导出',

  tabs: { train: '训练', score: '使用已保存的模型', compare: '比较', transfer: '迁移' },
  badLink: (why) => `无法使用此链接中的设置（${why}）；已改为显示默认设置。`,
  linkWhy: {
    column: (k, v) => `“${k}”指定的列“${v}”在示例数据中不存在`,
    positive: (v) => `标签中没有取值“${v}”`,
  },

  scoreModelHeading: '1. 已保存的模型',
  modelFileLabel: '打开模型文件…',
  modelHint: '从本页或用 rareclass train --export 保存的 .json 文件',
  modelInfo: (name, label, positive, threshold, features) =>
    `${name}：在阈值 ${threshold} 下预测 ${label} = ${positive}；读取 ${features} 列。`,
  modelFailed: (name) => `无法使用 ${name}：`,
  scoreDataHeading: '2. 要打分的数据',
  scoreFileLabel: '打开 CSV 文件…',
  scoreHint: '或将文件拖放到这里',
  scoreDemo: '为示例数据打分（lending_club.csv）',
  scoring: (name) => `正在为 ${name} 打分…`,
  scoredIn: (name, took) => `已为 ${name} 打分，用时 ${took}。`,
  scoreFailed: (name) => `无法为 ${name} 打分：`,
  scoredHeading: '预测结果',
  noScored: '先打开一个已保存的模型，再打开一个 CSV 文件用它打分。',
  scoredLine: (rows, positive, cls, threshold) => `已为 ${rows} 行打分：在阈值 ${threshold} 下有 ${positive} 行被预测为 ${cls}。`,
  ignoredColumns: (n, names) => `已忽略模型不使用的 ${n} 列：${names}。`,
  convertedColumn: (name, kind) => `列 ${name} 按${kind}读取，与训练时一致。`,
  unseenCategories: (name, n) => `列 ${name}：有 ${n} 行的类别在训练时未出现过（按不属于任何已知类别打分）。`,
  missingLabels: (n) => `${n} 行没有标签，未计入指标。`,
  noLabel: (label) => `文件中没有 ${label} 列，因此没有指标：只有预测结果。`,
  idColumn: '下载文件中的 ID 列',
  noId: '（仅行号）',
  savePredictions: '下载预测结果（CSV）',

  compareHeading: '比较不平衡处理方法',
  compareIntro: '在“训练”页的数据、标签和划分上训练 TensorFlow 不平衡数据教程中的一组模型：基线网络、使用类别权重的网络和过采样的网络（平衡的 50/50 批次，即教程中的重采样模型），以及下面勾选的模型，全部使用同一划分。',
  compareExtras: '另外训练',
  compareExtra: { smote: 'SMOTE 网络', focal: '焦点损失网络', soft_f1: '软 F1 网络', logistic: '逻辑回归', gbdt: '梯度提升树' },
  compareEpochs: '轮数（上限；留空 = 按行数确定）',
  compareTrain: '训练教程中的这组模型',
  compareNames: {
    baseline: '基线', weighted: '类别权重', oversampled: '过采样（50/50）',
    smote: 'SMOTE', focal: '焦点损失', soft_f1: '软 F1', logistic: '逻辑回归', gbdt: '梯度提升树',
  },
  compareProgress: (i, n, name, text) => `第 ${i} / ${n} 个模型（${name}）：${text}`,
  compareShared: (done, n, workers, text) => `已完成 ${done} / ${n} 个模型，使用 ${workers} 个工作线程${text ? ` · ${text}` : ''}`,
  compareDone: (n, took) => `已训练 ${n} 个模型，用时 ${took}。`,
  compareRestoring: '正在恢复之前的比较…',
  compareOf: (run, file) => `在 ${file} 上的第 ${run} 次比较`,
  compareNone: '训练这组模型后，比较结果会显示在这里。',
  compareResults: '比较',
  compareTableCaption: '测试集上的结果，每个模型使用各自的阈值；每列的最佳值已高亮（FP 和 FN 取最小值）。在其阈值下没有预测出任何正例（或把所有行都预测为正例）的模型不参与阈值相关列的评比。',
  compareRanked: (reason) => `总体：${reason}。`,
  compareBest: (metric) => `按 ${metric} 最佳`,
  compareColumns: { name: '模型', threshold: '阈值', tp: 'TP', fp: 'FP', tn: 'TN', fn: 'FN', precision: '精确率', recall: '召回率', roc_auc: 'ROC-AUC', pr_auc: 'PR-AUC', ks: 'KS', f1: 'F1' },
  compareWinner: '本列最佳',
  compareCharts: { roc: '所显示模型在测试集上的 ROC 曲线，每个模型有各自的颜色、线型和标记', pr: '所显示模型在测试集上的精确率–召回率曲线，每个模型有各自的颜色、线型和标记', history: '训练历史：每轮的损失、PR-AUC、精确率和召回率' },
  compareToggles: '显示的曲线',
  compareShowTrain: '同时显示训练集曲线（细线、空心标记）',
  compareCm: (name) => `${name}在测试集上的混淆矩阵`,
  compareThreshold: (name) => `${name}的阈值`,
  compareBestF1: '最佳 F1（验证集）',
  compareCmHeading: '混淆矩阵（测试集；修改前阈值为 0.5）',
};

// ---------------------------------------------------------------- Explore tab, diagnostics, CV and grid search
S.tabs.explore = '探索';

export const X = {
  intro: '数据中有信号吗？在建模之前，先看原始数据中每个特征与标签的统计量。',
  needLabel: '请先打开文件，并在“训练”页选择标签列。',
  signalHeading: '各特征的信号',
  computing: '正在计算信号表…',
  signalHeaders: ['#', '特征', '类型', 'ROC-AUC', '区分度', '随机水平', '方向', 'r', '检验', 'p 值', '缺失'],
  signalCaption: '特征按区分度排序，区分度 = max(AUC, 1 − AUC)：仅凭该特征把正例排在负例之前的能力（0.5 = 随机，1 = 完美）。',
  chanceNote: (perms, margin, rows) =>
    `随机水平：将标签随机打乱 ${perms} 次（${rows} 行）后，特征最多比自身的随机水平高出 ${margin}；`
    + '超过这一幅度的特征标记为 ✓。粗体行明显高于随机水平。',
  noReference: '没有随机水平参照（行数太少，或没有可计算 AUC 的特征）。',
  directions: { higher_is_positive: '越高 → 越可能为正', lower_is_positive: '越低 → 越可能为正', by_level: '按取值', neither: '—' },
  tests: { 'welch-t': 'Welch t 检验', 'chi-square': 'χ² 检验' },
  skipped: (names) => `未纳入的文本列：${names}。`,
  aboveChance: '明显高于随机水平',
  diagnosticsHeading: '诊断',
  noDiagnostics: '没有发现问题：没有常量列、重复列、类 ID 列或泄漏标签的列，并且有特征带有信号。',
  nextStep: '建议：',
  severity: { warning: '警告', info: '提示' },
  chartsHeading: '图表',
  feature: '特征',
  densityToggle: '密度（每个类别之和为 1）',
  logToggle: '对数计数',
  spearman: '使用斯皮尔曼相关（秩）而不是皮尔逊相关',
  xFeature: 'x 轴特征',
  yFeature: 'y 轴特征',
  noNumeric: '文件中没有可绘制的数值特征。',
  charts: {
    'explore-hist': '所选特征按类别的直方图',
    'explore-box': '所选特征按类别的箱线图',
    'explore-corr': '数值特征与标签的相关系数热力图',
    'explore-density': '两个特征的类别密度图',
    'grid-roc': '所选网格单元各折的 ROC 曲线及其平均',
  },
  simpleHeading: '简单模型检验',
  simpleIntro: '在同一划分上训练多数类基线、逻辑回归（使用“训练”页的设置）和深度为 5 的决策树，并在测试集上评估。深度模型应当优于它们。',
  simpleRun: '运行简单模型检验',
  simpleHeaders: ['模型', '测试集 ROC-AUC', '测试集 PR-AUC', '拟合用时'],
  simpleRunning: '正在拟合简单模型…',
  simpleDone: (took) => `完成，用时 ${took}。`,
  simpleFailed: '简单模型检验失败：',
  gridHeading: '交叉验证与网格搜索',
  gridIntro: '把下面设置的每种组合应用到“训练”页的模型上，每种组合都在相同的折上用分层 k 折交叉验证评分。',
  folds: '折数（k）',
  scoring: '排序依据',
  scorings: {
    auto: '自动（PR-AUC 或 ROC-AUC）',
    roc_auc: 'ROC-AUC', pr_auc: 'PR-AUC', ks: 'KS', f1: 'F1', precision: '精确率', recall: '召回率',
    balanced_accuracy: '平衡准确率', mcc: 'MCC', accuracy: '准确率', log_loss: '对数损失', brier: 'Brier 分数',
  },
  workers: '并行工作线程',
  workersNote: (n) => `本机有 ${n} 个逻辑核心`,
  gridEditor: '要尝试的设置',
  gridKey: '设置项',
  gridValues: '取值（逗号分隔）',
  gridAddRow: '添加设置项',
  gridRemove: (k) => `删除设置项 ${k || '（未命名）'}`,
  gridCells: (n) => `${n} 种组合`,
  gridKeyHint: (kind) => `“训练”页中${{
    logistic: '逻辑回归的设置项：C、class_weight（none、balanced）、tol、max_iter',
    mlp: '神经网络的设置项：learning_rate、epochs、batch_size、l2、loss、class_weight',
    tree: '决策树的设置项：max_depth、min_samples_leaf、min_samples_split、max_features、class_weight',
    forest: '随机森林的设置项：n_trees、max_depth、min_samples_leaf、max_features、bootstrap、class_weight',
    gbdt: '梯度提升树的设置项：n_rounds、learning_rate、max_leaves、max_depth、min_samples_leaf、lambda、subsample、colsample、class_weight',
    majority: '多数类基线的设置项：无',
  }[kind] ?? kind}；所有模型都可以设置 imbalance（none、class-weight、oversample、undersample、smote）。`,
  gridRun: '运行网格搜索',
  gridCancel: '取消',
  gridLoading: '正在为工作线程读取文件…',
  gridProgress: (done, total, workers, left) => `已完成 ${done} / ${total} 次拟合，使用 ${workers} 个工作线程${left}`,
  gridLeft: (s) => ` · 约剩 ${s} 秒`,
  gridDone: (cells, s, workers) => `${cells} 种组合，用时 ${s} 秒，使用 ${workers} 个工作线程。`,
  gridCancelled: '网格搜索已取消。',
  gridFailed: '网格搜索失败：',
  gridNeedFile: '请先打开文件并选择标签。',
  gridHeaders: (metric) => ['#', '设置', `${metric} 均值`, '± 标准差', 'ROC-AUC', 'PR-AUC', '召回率', '精确率', ''],
  gridBest: '最佳',
  gridNoBest: '没有标记最佳设置：在阈值下每种设置都（几乎）找不到正例（平均召回率 ≤ 0.01）。请在网格中加入 class_weight = balanced。',
  gridFit: '用此设置训练',
  gridFitHint: '把这些设置填入“训练”页并开始训练。',
  gridSortBy: (col) => `按 ${col} 排序`,
  gridFolds: (i, text) => `第 ${i} 折：${text}`,
  gridSelected: (settings) => `${settings} 的各折`,
  meanCurve: (auc, sd) => `平均 · ROC-AUC ${auc} ± ${sd}`,
  foldHeader: '折',
  foldMetrics: { roc_auc: 'ROC-AUC', pr_auc: 'PR-AUC', ks: 'KS', f1: 'F1', precision: '精确率', recall: '召回率', balanced_accuracy: '平衡准确率', mcc: 'MCC', log_loss: '对数损失' },
  meanSd: '均值 ± 标准差',
};

// ---------------------------------------------------------------- Transfer tab (www/transfer.js)
S.tabs.transfer = '迁移';
S.transfer = {
  dataHeading: '两个总体',
  sourceLabel: '源域 CSV（有标签）…',
  targetLabel: '目标域 CSV（标签很少或没有）…',
  demo: '加载示例数据对（lending club：36 个月 → 60 个月贷款）',
  loaded: (name, rows, cols) => `${name}：${rows} 行 × ${cols} 列`,
  settingsHeading: '设置',
  label: '标签列（在源域中）',
  positive: '正类（留空：少数类）',
  fraction: '用于验证的有标签目标域行比例',
  steps: '最多训练步数',
  seed: '随机种子',
  run: '运行各方法和基线',
  methodsLabel: '方法（总会运行仅用源域的基线）',
  methods: {
    dan: 'DAN（MMD）',
    dann: 'DANN（域对抗）',
    coral: 'CORAL',
    iw: '重要性加权',
    target: '有标签的目标域行（仅目标域、源域 + 目标域）',
  },
  cancel: '取消',
  cancelled: '已取消。',
  starting: '正在启动…',
  needBoth: '请先打开源域文件和目标域文件。',
  alignHeading: '列对齐',
  shared: (n) => `两个文件共有的 ${n} 列用作特征`,
  onlySource: (n, names) => `${n} 列只在源域中（未使用）${names ? '：' + names : ''}`,
  onlyTarget: (n, names) => `${n} 列只在目标域中（未使用）${names ? '：' + names : ''}`,
  mismatched: (n, names) => `${n} 列在两个文件中类型不同（未使用）${names ? '：' + names : ''}`,
  labelCoverage: (l) => `标签“${l.column}”，正类“${l.positive}”：源域有 ${l.source_labelled} 行有标签（${l.source_positives} 个正例）；目标域 ${l.target_rows} 行中有 ${l.target_labelled} 行有标签（${l.target_positives} 个正例）`,
  sizes: (s) => `源域 ${s.source} 行 · 目标域：${s.target_adapt} 行用于适配，${s.target_val} 行用于验证，${s.target_test} 行用于测试 · ${s.features} 个特征`,
  trainHeading: 'DAN 训练',
  resultsHeading: '在目标域测试集上',
  columns: ['模型', '方法', 'ROC-AUC', 'KS', 'PR-AUC', '阈值', '召回率', '检查', '拟合用时'],
  chosenMark: '（已选）',
  methodNames: { source_only: '仅源域', dan: 'DAN', dann: 'DANN', coral: 'CORAL', iw: '重要性加权', target: '有标签的目标域' },
  verdictWord: {
    adaptation: { helped: '域适应有帮助', 'did not help': '域适应没有帮助', 'cannot tell': '无法判断域适应是否有帮助' },
    'target labels': { helped: '目标域标签有帮助', 'did not help': '目标域标签没有帮助', 'cannot tell': '无法判断目标域标签是否有帮助' },
  },
  verdict: (v, fmt) => `${v.chosen}（在目标域验证集上选出）减去 ${v.baseline}（其中最好的仅源域模型）：目标域测试集 ROC-AUC 差 ${fmt(v.difference)}，95% 自助法置信区间 [${fmt(v.interval[0])}, ${fmt(v.interval[1])}]。`,
  noVerdict: '无法给出结论：目标域没有同时包含两个类别的验证行，无法据此选择方法。',
  curveHeading: '学习曲线：有标签的目标域行',
  curveNote: (chosen, auc) => `在部分有标签的目标域训练行上训练逻辑回归（单独使用，或与源域行一起使用）得到的目标域测试集 ROC-AUC。作为对比，所选方法 ${chosen}：${auc}。`,
  curveColumns: ['比例', '行数（正例）', '仅目标域', '源域 + 目标域'],
  charts: {
    history: '训练曲线：每一步的分类损失、MMD 损失和 λ',
    validation: '每次验证时的目标域验证集 ROC-AUC 和 KS',
    roc: 'DAN 与各基线在目标域测试集上的 ROC 曲线',
    ks: 'DAN 在目标域测试集上的 KS 图',
    before: '仅源域网络特征的 PCA：源域与目标域',
    after: 'DAN 特征的 PCA：源域与目标域',
  },
};

// ---------------------------------------------------------------- <rareclass-demo>
export const DEMO = {
  loading: (src) => `正在加载 ${src}…`,
  starting: '正在启动计算引擎…',
  training: (model, src) => `正在 ${src} 上训练${model}…`,
  trainingAt: (model, src, stage) => `正在 ${src} 上训练${model}：${stage}`,
  region: (src) => `rareclass 演示：${src}`,
  title: (model, src) => `${src} 上的${model}`,
  facts: (label, positive, rows, positives) => `标签“${label}”，正类“${positive}” · 测试集：${rows} 行，其中 ${positives} 个正例`,
  aucs: (roc, pr) => `ROC-AUC ${roc} · PR-AUC（平均精确率）${pr}`,
  threshold: '阈值',
  cmLine: (tp, fp, tn, fn) => `TP ${tp} · FP ${fp} · TN ${tn} · FN ${fn}`,
  charts: { roc: '测试集上的 ROC 曲线', pr: '测试集上的精确率–召回率曲线', confusion: '当前阈值下测试集的混淆矩阵' },
  errorTitle: '这个 rareclass 演示无法运行',
  noSrc: '该元素没有 src 属性：请指定用于训练的 CSV，例如 src="data.csv"。',
  noLabel: (columns) => `该元素没有 label 属性：请指定要预测的列，可选：${columns}。`,
  fetchFailed: (url, why) => `无法加载 ${url}：${why}。请检查 src 属性（它相对于本页面解析）。`,
  httpStatus: (status, text) => `服务器返回 ${status}${text ? ' ' + text : ''}`,
  networkError: '请求失败（页面是否通过 http 提供，而不是作为本地文件打开？）',
  badLabel: (label, columns) => `文件中没有列“${label}”。它的列有：${columns}。`,
  readFailed: (why) => `无法将该文件读取为表格：${why}`,
  badModel: (why) => `无法使用这些模型设置：${why}`,
  trainFailed: (why) => `训练失败：${why}`,
  engineFailed: (why) => `计算引擎无法启动：${why}`,
  engineDied: '计算引擎意外停止；请重新加载页面再试。',
  modelNames: { logistic: '逻辑回归', mlp: '神经网络', tree: '决策树', forest: '随机森林', gbdt: '梯度提升树', majority: '多数类基线' },
};

// ---------------------------------------------------------------- Chart export, undo of "Clear runs" (www/export.js)
S.chartExport = {
  menu: '导出',
  menuLabel: (chart) => `导出图表：${chart}`,
  png: (scale) => `PNG ${scale}×`,
  svg: 'SVG',
  csv: 'CSV（曲线上的点）',
  note: '无论页面主题如何，都使用浅色背景。',
  failed: (why) => `无法导出图表：${why}`,
};
S.clearUndo = {
  cleared: (n) => `已清除 ${n} 次运行。`,
  undo: '撤销',
  restored: '运行记录已恢复。',
  close: '关闭',
  gone: '清除之后计算引擎已重启或已开始新的运行，被清除的运行记录无法找回',
  failed: (why) => `无法恢复运行记录：${why}`,
};
S.transfer.restoring = '已取消。正在恢复之前的结果（计算引擎已重启，需要重新计算）…';
S.transfer.restored = '已取消；之前的结果已恢复。';

// ---------------------------------------------------------------- The Train tab's live history chart (app2, issue 12)
S.historyNote = {
  waiting: '模型训练时，训练损失会实时绘制在这里。',
  none: '这个模型在训练时不报告损失（树是逐步生长出来的，而不是逐步拟合）：没有可绘制的训练历史。',
};

// ---------------------------------------------------------------- result views
export const VIEWS = {
  heading: '模型依赖什么，以及如何解读它的得分',
  binsLabel: '可靠性分箱',
  bins: { 'uniform-10': '10 个等宽分箱', 'quantile-10': '10 个等频分箱', 'uniform-5': '5 个等宽分箱', 'quantile-5': '5 个等频分箱' },
  charts: {
    calibration: '可靠性曲线：每个分箱中正例比例与平均得分的关系',
    gain: '累积增益：得分最高的前若干比例中找到的正例比例',
    lift: '提升度：得分最高的前若干比例中的正例率是总体正例率的几倍',
    importance: '各列在验证集上的置换重要性',
    coefficients: '逻辑回归的标准化系数',
  },
  parts: { train: '训练集', validation: '验证集', test: '测试集' },
  calibration: (brier, rel, res, unc, rows) => `Brier 分数 ${brier} = 可靠性 ${rel} − 分辨力 ${res} + 不确定性 ${unc}（${rows}）。在对角线上时，0.3 的得分意味着 30% 为正例。`,
  gain: (g1, g5, g10) => `得分最高的前 1% 包含了 ${g1} 的正例；前 5% 包含 ${g5}；前 10% 包含 ${g10}。`,
  lift: (l1, l5, l10, rate) => `前 1% 的提升度：是总体正例率 ${rate} 的 ${l1} 倍；前 5%：${l5} 倍；前 10%：${l10} 倍。`,
  metrics: { pr_auc: 'PR-AUC', roc_auc: 'ROC-AUC', log_loss: '对数损失', brier: 'Brier 分数' },
  because: (scoring, rate) => scoring === 'pr_auc' ? `使用 PR-AUC，因为这些行中正例只占 ${rate}（低于 20%）。` : '',
  importance: (metric, rows, repeats, why) => `在 ${rows} 行验证数据上把某一列随机打乱 ${repeats} 次后 ${metric} 的下降量；误差线为 ±1 个标准差。${why}`,
  coefficients: '权重 × 该特征在训练集上的标准差：特征每增加一个标准差，对数几率的变化。大于 0 表示推向正类。',
  noPositives: '这些行中没有正例：没有可找的对象。',
  noImportance: '没有置换重要性：该划分没有同时包含两个类别的验证行。',
  failed: (why) => `无法生成这些视图：${why}`,
};
Object.assign(S.charts, VIEWS.charts);

// ---------------------------------------------------------------- accessibility
export const A11Y = {
  theme: '主题',
  language: '语言',
  themes: { system: '跟随系统', light: '浅色', dark: '深色' },
  chartKeys: '方向键沿曲线移动；Home 和 End 跳到曲线两端。',
  pointOf: (i, n, label) => `第 ${i} / ${n} 个点：${label}`,
  noPoints: '这个图表还没有可读出的内容。',
};

// ---------------------------------------------------------------- glossary
S.glossary = {
  open: '术语表',
  heading: '术语表',
  intro: '本页每个指标、图表、诊断和设置的含义，以及什么样的值算好。',
  groups: { metrics: '指标', charts: '图表', stats: '探索：单特征统计量', findings: '诊断（代码）', settings: '设置', transfer: '迁移学习' },
  about: (name) => `什么是 ${name}？`,
  good: '好的值：',
  more: '在术语表中查看全部术语',
  close: '关闭',
  unknown: '暂无定义。',
};

// ---------------------------------------------------------------- findings (www/findings.js)
// The core writes each finding's sentence in English with its numbers
// (src/explore/diagnostics.rs, src/checks/, src/experiment.rs). Here each
// code's sentences are read back by a pattern and said in Chinese with the
// very numbers and names the core wrote (copied, never recomputed); a
// sentence no pattern matches is shown as the core wrote it.
const Q = '"((?:[^"\\\\]|\\\\.)*)"'; // a name the core quoted ({:?})
const NUM = '(-?[0-9][0-9,.]*(?:e-?[0-9]+)?|NaN|inf|-inf)';
const unq = (s) => s.replace(/\\(.)/g, '$1');
const PART = { validation: '验证集', test: '测试集', train: '训练集', training: '训练集', 'target test': '目标域测试集' };
const FINDING_RULES = [
  [`^column ${Q} has no values at all$`, (m) => `列“${unq(m[1])}”没有任何取值`],
  [`^column ${Q} has one value \\((.*)\\) in every row that has one$`, (m) => `列“${unq(m[1])}”在所有有值的行中只有一个取值（${m[2]}）`],
  [`^column ${Q} has the same values as column ${Q}$`, (m) => `列“${unq(m[1])}”与列“${unq(m[2])}”的取值完全相同`],
  [`^column ${Q} looks like an identifier: it counts rows \\(${NUM} to ${NUM} in steps of 1\\)$`, (m) => `列“${unq(m[1])}”看起来是标识符：它在给行计数（从 ${m[2]} 到 ${m[3]}，步长为 1）`],
  [`^column ${Q} looks like an identifier: ${NUM} of ${NUM} values are distinct integers \\(${NUM} %\\)$`, (m) => `列“${unq(m[1])}”看起来是标识符：${m[3]} 个取值中有 ${m[2]} 个互不相同的整数（${m[4]}%）`],
  [`^column ${Q} looks like an identifier: its values are compound codes such as ${Q}, ${NUM} of ${NUM} distinct \\(${NUM} %\\)$`, (m) => `列“${unq(m[1])}”看起来是标识符：它的取值是“${unq(m[2])}”这样的组合编码，${m[4]} 个中有 ${m[3]} 个互不相同（${m[5]}%）`],
  [`^no feature separates the classes clearly better than chance: the best, ${Q}, has separation ${NUM} where shuffled labels give it ${NUM} on average, and with shuffled labels some feature beats its own chance level by up to ${NUM} \\(99th percentile of ${NUM} permutations on ${NUM} rows\\)$`,
    (m) => `没有特征能明显优于随机地区分两个类别：最好的特征“${unq(m[1])}”的区分度为 ${m[2]}，而打乱标签后它的平均区分度为 ${m[3]}；打乱标签时，某些特征也能比自身的随机水平高出 ${m[4]}（在 ${m[6]} 行上做 ${m[5]} 次置换的第 99 百分位数）`],
  [`^every row gets the same score \\((.*)\\), so the model predicts one class at every threshold$`, (m) => `每一行的得分都相同（${m[1]}），所以模型在任何阈值下都只预测一个类别`],
  [`^the model predicts (negative|positive) for all ${NUM} rows at threshold ${NUM}, although its scores vary from ${NUM} to ${NUM}$`,
    (m) => `在阈值 ${m[3]} 下，模型把全部 ${m[2]} 行都预测为${m[1] === 'negative' ? '负类' : '正类'}，尽管它的得分在 ${m[4]} 到 ${m[5]} 之间变化`],
  [`^accuracy ${NUM} \\(always predicting the majority class gives ${NUM}\\) hides that the model (finds no positive row|is no better than the majority rule): recall ${NUM}, balanced accuracy ${NUM}$`,
    (m) => `准确率 ${m[1]}（总是预测多数类可得 ${m[2]}）掩盖了模型${m[3] === 'finds no positive row' ? '没有找出任何正例' : '并不比多数类规则更好'}的事实：召回率 ${m[4]}，平衡准确率 ${m[5]}`],
  [`^(.+) never improved on its first epoch \\(${NUM}\\) over ${NUM} epochs$`, (m) => `${m[1]} 在 ${m[3]} 轮中从未好于第一轮（${m[2]}）`],
  [`^(.+): ROC-AUC ${NUM} on the ${NUM} (\\S+(?: test)?) rows is within noise of chance \\(0\\.5; standard error ${NUM}, so anything below ${NUM} is not clearly better than guessing\\)$`,
    (m) => `${S.shownModelName(m[1])}：在 ${m[3]} 行${PART[m[4]] ?? m[4]}上的 ROC-AUC 为 ${m[2]}，与随机水平（0.5）的差距在噪声范围内（标准误 ${m[5]}，低于 ${m[6]} 都不能算明显优于猜测）`],
  [`^(.+): ROC-AUC ${NUM} on the (\\S+(?: test)?) rows is below logistic regression's ${NUM} on the same rows by ${NUM}, more than the noise of the difference \\(standard error ${NUM}\\)$`,
    (m) => `${S.shownModelName(m[1])}：在${PART[m[3]] ?? m[3]}上的 ROC-AUC 为 ${m[2]}，比同样数据上逻辑回归的 ${m[4]} 低 ${m[5]}，超出了差值的噪声（标准误 ${m[6]}）`],
  [`^(.+): no (\\S+(?: test)?) row is predicted positive at threshold ${NUM} \\(the highest score is ${NUM}\\), so precision, recall and F1 there are 0 and its accuracy is the majority's$`,
    (m) => `${S.shownModelName(m[1])}：在阈值 ${m[3]} 下${PART[m[2]] ?? m[2]}中没有任何行被预测为正类（最高得分为 ${m[4]}），因此此时精确率、召回率和 F1 都为 0，准确率等于多数类的准确率`],
  [`^column ${Q} is ${Q} in ${NUM} of ${NUM} rows that have a value \\(${NUM} %\\); only ${NUM} differ$`,
    (m) => `列“${unq(m[1])}”在 ${m[4]} 个有值的行中有 ${m[3]} 行取值为“${unq(m[2])}”（${m[5]}%）；只有 ${m[6]} 行不同`],
  [`^column ${Q} is missing in ${NUM} of ${NUM} rows \\(${NUM} %\\)$`, (m) => `列“${unq(m[1])}”在 ${m[3]} 行中缺失 ${m[2]} 行（${m[4]}%）`],
  [`^the rows are sorted by time column ${Q} \\(from (.+) to (.+), ${NUM} % of neighbouring rows in order\\)$`,
    (m) => `数据行按时间列“${unq(m[1])}”排序（从 ${m[2]} 到 ${m[3]}，${m[4]}% 的相邻行有序）`],
  [`^${NUM} of ${NUM} labelled rows \\(${NUM} %\\) repeat an earlier row exactly \\(every feature and the label\\)$`,
    (m) => `${m[2]} 个有标签的行中有 ${m[1]} 行（${m[3]}%）与前面某一行完全相同（所有特征和标签）`],
  [`^${NUM} of ${NUM} labelled rows \\(${NUM} %\\) in ${NUM} groups have the same features as a row of the other class \\(the first at data row ${NUM}\\)$`,
    (m) => `${m[2]} 个有标签的行中有 ${m[1]} 行（${m[3]}%，共 ${m[4]} 组）与另一类别的某一行特征完全相同（第一处在数据第 ${m[5]} 行）`],
  [`^column ${Q} separates the classes almost perfectly on its own \\(separation ${NUM}, univariate ROC-AUC ${NUM}\\): it predicts the label alone — is it known before the outcome\\?$`,
    (m) => `列“${unq(m[1])}”单独就几乎能完美区分两个类别（区分度 ${m[2]}，单变量 ROC-AUC ${m[3]}）：仅凭它就能预测标签——它在结果发生之前就已知吗？`],
  [`^column ${Q} gives the label away: its (.+) rows? are ${NUM} % positive and hold ${NUM} % of all positives \\(univariate ROC-AUC ${NUM}\\), and a cross-validated logistic regression without it drops from PR-AUC ${NUM} to ${NUM} \\(chance ${NUM}\\), losing ${NUM} % of its lift — is it known before the outcome\\?$`,
    (m) => `列“${unq(m[1])}”泄露了标签：它取值为 ${m[2]} 的行中 ${m[3]}% 是正例，占全部正例的 ${m[4]}%（单变量 ROC-AUC ${m[5]}）；去掉它后，交叉验证的逻辑回归的 PR-AUC 从 ${m[6]} 降到 ${m[7]}（随机水平 ${m[8]}），损失了 ${m[9]}% 的提升——它在结果发生之前就已知吗？`],
  [`^column "(.*)": ${NUM} (\\S+) rows have a category not seen in training \\(encoded as none\\)$`,
    (m) => `列“${m[1]}”：${PART[m[3]] ?? m[3]}中有 ${m[2]} 行的类别在训练时未出现过（编码为不属于任何已知类别）`],
  [`^the (\\S+) rows hold one class only; its ranking metrics are undefined$`, (m) => `${PART[m[1]] ?? m[1]}只包含一个类别；它的排序指标没有定义`],
  [`^(.+): the training loss was still falling when the epoch cap \\(${NUM}\\) was reached$`, (m) => `${S.shownModelName(m[1])}：达到轮数上限（${m[2]}）时训练损失仍在下降`],
  [`^(.+): the solver stopped at its iteration cap \\(${NUM}\\) before converging$`, (m) => `${S.shownModelName(m[1])}：求解器在收敛前就达到了迭代次数上限（${m[2]}）`],
].map(([pattern, say]) => [new RegExp(pattern), say]);
const FINDING_NEXT = {
  'drop it: a column that never changes cannot tell the classes apart': '删除它：一个从不变化的列无法区分类别',
  'keep one of them: a copy adds no information and splits a linear model\'s weight between the two': '只保留其中一列：副本不增加信息，还会让线性模型的权重在两列之间分摊',
  'exclude it from the features: a model can memorise identifiers but they do not generalise to new rows': '不要把它用作特征：模型能记住标识符，但它们无法推广到新的数据行',
  'check that the label is the outcome you mean and that the rows are joined correctly, then look for features that plausibly relate to it; a model rarely finds what no single feature shows, and one that predicts a single class is the usual symptom': '检查标签是否就是你想预测的结果、数据行是否正确关联，然后寻找与它可能相关的特征；任何单个特征都看不出的信号，模型也很少能找到，只预测一个类别的模型就是常见的症状',
  'the model learned nothing: check the signal table for features that separate the classes, scale the features, and lower the regularisation or the learning rate': '模型什么都没学到：在信号表中寻找能区分类别的特征，对特征做缩放，并降低正则化强度或学习率',
  'move the threshold (the threshold chart shows the trade-off) or weight the classes (class weight "balanced") so the rare class counts': '调整阈值（阈值图展示了其中的权衡），或使用类别权重（“平衡”）让少数类得到重视',
  'judge the model by recall, precision and PR-AUC instead: on imbalanced data accuracy rewards ignoring the rare class': '改用召回率、精确率和 PR-AUC 评价模型：在不平衡数据上，准确率会奖励忽略少数类的模型',
  'the model is not learning from the data: try a larger learning rate or fewer regularisation, check the features carry signal (the signal table), and stop training earlier': '模型没有从数据中学到东西：尝试更大的学习率或更弱的正则化，检查特征是否带有信号（信号表），并更早停止训练',
  'look for signal first (Explore\'s signal table); for a network, more training steps (a smaller batch, more epochs or patience) or a larger learning rate; compare with logistic regression on the same split': '先寻找信号（“探索”页的信号表）；对神经网络，增加训练步数（更小的批大小、更多轮数或更大的早停耐心值）或使用更大的学习率；并在同一划分上与逻辑回归比较',
  'prefer the simpler model, or give this one what it lacks: for a network, more training steps (a smaller batch, more epochs or patience) and class weights; for a tree, more depth or leaves': '优先选择更简单的模型，或补足这个模型缺少的东西：对神经网络，增加训练步数（更小的批大小、更多轮数或更大的早停耐心值）并使用类别权重；对树模型，增加深度或叶子数',
  'choose the threshold on the validation rows (best F1, a recall target or costs) or train with class weight "balanced" so the rare class counts': '在验证集上选择阈值（最佳 F1、召回率目标或代价），或使用类别权重“平衡”重新训练，让少数类得到重视',
  'it is kept, but so few differing rows teach a model little and the split can put them all on one side; drop it unless those rare values matter': '该列已保留，但取值不同的行太少，模型从中学不到什么，而且划分可能把它们全部分到一边；除非这些少见的取值很重要，否则请删除它',
  'it is kept with missing cells filled; ask why it is missing (missingness that depends on the outcome leaks it), add a "was missing" feature, or drop it': '该列已保留，缺失值已被填补；想一想它为什么缺失（与结果相关的缺失会泄露结果），可以增加一个“是否缺失”特征，或删除该列',
  'the split here is random (shuffled), so the scores describe rows like those already seen; if the model will score later rows, test it on the latest rows instead (split by time: fit on an earlier file, score a later one with predict)': '这里的划分是随机的（打乱顺序），因此评分描述的是与已见过的行相似的行；如果模型将来要为更晚的数据打分，请改用最新的行来测试（按时间划分：在较早的文件上拟合，用 predict 为较晚的文件打分）',
  'a random split puts copies of a row on both sides, so test scores are optimistic; remove the duplicates, or keep all copies of a case in one part if they are real repeats': '随机划分会把同一行的副本分到两边，使测试结果偏乐观；请删除重复行，如果它们是真实的重复，则把同一案例的所有副本放在同一部分',
  'no model can tell these rows apart: check the labels for errors, or add the feature that separates them; they cap the accuracy any model can reach': '没有模型能区分这些行：请检查标签是否有误，或加入能区分它们的特征；它们限制了任何模型所能达到的准确率',
  'nothing to do if the category is rare; otherwise give the training part more rows or merge rare levels': '如果该类别很少见，则无需处理；否则请给训练集分配更多行，或合并少见的类别',
  'give that part a larger share of the split so it holds rows of both classes': '给该部分分配更大的比例，使它包含两个类别的行',
  'it is still a feature: if it is recorded after the outcome (or derived from the label), leave it out (untick it, or --drop it) and train again; if it is truly known in advance, check how it was collected before trusting any model': '它仍是一个特征：如果它是在结果发生之后才记录的（或由标签推导而来），请把它排除（取消勾选，或用 --drop 去掉）后重新训练；如果它确实事先可知，请在信任任何模型之前核实它是如何采集的',
  'raise epochs, or turn early stopping on so the validation rows decide when to stop': '增加轮数，或打开早停，让验证集决定何时停止',
  'raise the iteration cap (max_iter) or loosen the tolerance; check that the features are standardised': '提高迭代次数上限（max_iter）或放宽容差；并检查特征是否已标准化',
};

// The core's other sentences the page shows (src/cv.rs's default_reason).
const SENTENCE_RULES = [
  [`^ranked by PR-AUC \\(average precision\\): positives are ${NUM} % of the rows, under ${NUM} %, where ROC-AUC flatters models$`,
    (m) => `按 PR-AUC（平均精确率）排序：正例占全部行的 ${m[1]}%，低于 ${m[2]}%，此时 ROC-AUC 会让模型显得更好`],
  [`^ranked by ROC-AUC: positives are ${NUM} % of the rows, ${NUM} % or more$`, (m) => `按 ROC-AUC 排序：正例占全部行的 ${m[1]}%，不低于 ${m[2]}%`],
].map(([pattern, say]) => [new RegExp(pattern), say]);

export const FINDINGS = {
  say: (d) => {
    const rule = FINDING_RULES.find(([re]) => re.test(String(d.message)));
    const next = FINDING_NEXT[String(d.next_step)];
    if (!rule && !next) return null;
    return { message: rule ? rule[1](String(d.message).match(rule[0])) : d.message, next: next ?? d.next_step };
  },
  sentence: (text) => {
    const rule = SENTENCE_RULES.find(([re]) => re.test(String(text)));
    return rule ? rule[1](String(text).match(rule[0])) : null;
  },
};

// ---- zhmsg block: live progress sentences and the frame of an engine
// message that has no Chinese wording (see strings.js's MSG).
export const MSG = {
  stages: {
    parse: '读取文件', check: '检查数据', prepare: '准备数据', fit: '拟合',
    evaluate: '评估', cv: '交叉验证', grid: '网格搜索', inspect: '检查模型',
  },
  tasks: {
    baseline: '为模型检查拟合逻辑回归基线',
    importance: '置换重要性',
    align: '对齐列并准备两个总体',
    done: '完成',
  },
  units: { iteration: '次迭代', epoch: '轮', round: '棵树', tree: '棵树', step: '步', fold: '折', column: '列', node: '个节点' },
  stepOf: (unit, step, of) => `第 ${step}/${of} ${unit}`,
  counted: (unit, n) => `${n} ${unit}`,
  value: (name, v) => `${name} ${v}`,
  terms: { loss: '损失', 'val loss': '验证损失', 'val ROC-AUC': '验证 ROC-AUC', 'val AP': '验证 PR-AUC', 'val PR-AUC': '验证 PR-AUC' },
  sentence: (stage, parts) => (parts ? `${stage}：${parts}` : stage),
  engineSaid: (message) => `引擎报错：${message}`,
};
