namespace DeepRoad.Ensembles.Forests;

/// <summary>
/// One tree of a randomized forest. At each node, up to <c>k</c> features that are not constant in the node are drawn
/// at random, and the candidate split that lowers the impurity most (Gini for classes, squared error for values) splits
/// the node. Two splitters:
/// <list type="bullet">
/// <item>random (an extremely randomized tree, Geurts, Ernst and Wehenkel 2006, as scikit-learn's ExtraTreeClassifier
/// and ExtraTreeRegressor): each feature gets one threshold drawn uniformly between its smallest and largest value in
/// the node;</item>
/// <item>best (a random forest's tree, Breiman 2001, as scikit-learn's DecisionTreeClassifier/Regressor with
/// max_features): each feature's rows are sorted and every midpoint between two distinct values is scored; a feature
/// with missing values in the node may also send exactly its missing rows right.</item>
/// </list>
/// The rows a tree grows on are every training row, or a bootstrap sample of them (drawn with replacement; a row drawn
/// twice counts twice: as scikit-learn does, each drawn row is kept once with its draw count as its weight, so a node
/// passes over the ~63 % distinct rows, and counts, sums and the leaf size are all weighted by the draws). Nodes are
/// stored flat; leaves hold <see cref="Outputs"/> values (class probabilities, or P(class 1) for two classes, or the
/// mean value). A missing feature value (NaN) goes right, at fit and at prediction
/// alike.
/// </summary>
internal sealed class RandomizedTree
{
    /// <summary>Split feature per node; -1 for a leaf.</summary>
    public int[] Feature { get; }

    /// <summary>Rows with <c>x[Feature] &lt;= Threshold</c> go left.</summary>
    public float[] Threshold { get; }

    /// <summary>Left child per split node; for a leaf, the offset of its values in <see cref="Values"/>.</summary>
    public int[] Left { get; }

    /// <summary>Right child per split node (unused for a leaf).</summary>
    public int[] Right { get; }

    /// <summary>Leaf values, <see cref="Outputs"/> per leaf.</summary>
    public float[] Values { get; }

    /// <summary>Values per leaf.</summary>
    public int Outputs { get; }

    public RandomizedTree(int[] feature, float[] threshold, int[] left, int[] right, float[] values, int outputs)
    {
        Feature = feature;
        Threshold = threshold;
        Left = left;
        Right = right;
        Values = values;
        Outputs = outputs;
    }

    /// <summary>
    /// This tree with its split features renumbered: a tree grown on some of the features (column c of the training
    /// data is feature <c>featureIndex[c]</c> of the vector) then reads the whole vector.
    /// </summary>
    public RandomizedTree WithFeatureIndices(int[] featureIndex)
    {
        for (int node = 0; node < Feature.Length; node++)
            if (Feature[node] >= 0) Feature[node] = featureIndex[Feature[node]];
        return this;
    }

    /// <summary>The offset in <see cref="Values"/> of the leaf row <paramref name="x"/> falls in.</summary>
    public int LeafOffset(ReadOnlySpan<float> x)
    {
        int node = 0;
        while (Feature[node] >= 0) node = x[Feature[node]] <= Threshold[node] ? Left[node] : Right[node];
        return Left[node];
    }

    /// <summary>What a tree is grown from: features column-major (<c>Columns[j][i]</c>) and targets.</summary>
    internal sealed record TrainingData(float[][] Columns, int Rows, int[]? Classes, int ClassCount, float[]? Targets)
    {
        /// <summary>
        /// Per feature, its distinct present values in ascending order (<see cref="ValueRanks"/>); what the best
        /// splitter's exact histograms index. Computed once per forest, by <see cref="WithRanks"/>.
        /// </summary>
        public float[][]? DistinctValues { get; private init; }

        /// <summary>Per feature and row, the rank of the row's value among <see cref="DistinctValues"/>; -1 when missing.</summary>
        public int[][]? ValueRanks { get; private init; }

        /// <summary>This data with every feature's distinct values and ranks (for the best splitter).</summary>
        public TrainingData WithRanks()
        {
            var distinct = new float[Columns.Length][];
            var ranks = new int[Columns.Length][];
            Parallel.For(0, Columns.Length, j =>
            {
                var column = Columns[j];
                distinct[j] = column.Where(v => !float.IsNaN(v)).Distinct().Order().ToArray();
                var rank = ranks[j] = new int[Rows];
                for (int i = 0; i < Rows; i++) rank[i] = float.IsNaN(column[i]) ? -1 : Array.BinarySearch(distinct[j], column[i]);
            });
            return this with { DistinctValues = distinct, ValueRanks = ranks };
        }
    }

    /// <summary>
    /// Growth settings of one tree: <paramref name="BestSplit"/> scores every threshold of a drawn feature (random
    /// forest) instead of one random threshold (extra trees); <paramref name="Bootstrap"/> grows the tree on as many
    /// rows drawn with replacement as there are rows. The best splitter counts a feature's rows per distinct value (one
    /// pass) instead of sorting them where the feature has at most <paramref name="HistogramLimit"/> distinct values per
    /// row of the node (2 by default; the tests set 0 and infinity to compare the two ways, which find the same splits).
    /// <paramref name="WeightedBootstrap"/> keeps each drawn row once with its draw count as a weight (the default);
    /// false repeats it once per draw instead, which grows the same tree slower (the tests compare the two).
    /// </summary>
    internal readonly record struct Growth(int FeaturesPerSplit, int MinLeaf, int MaxDepth, bool BestSplit = false, bool Bootstrap = false, double HistogramLimit = 2,
        bool WeightedBootstrap = true);

    /// <summary>Grows one tree on the rows of <paramref name="data"/> (or a bootstrap sample of them).</summary>
    public static RandomizedTree Grow(TrainingData data, Growth growth, Random random) => new Builder(data, growth, random).Build();

    private sealed class Builder
    {
        private readonly TrainingData _data;
        private readonly Growth _growth;
        private readonly Random _random;
        private readonly int[] _rows;
        // Draw counts per training row (a weighted bootstrap sample), or null: every row once.
        private readonly int[]? _weight;
        // The weighted row count of the node being split, and its weighted target sum and sum of squares (regression),
        // from its impurity.
        private double _nodeWeight, _nodeSum, _nodeSumSquares;
        private readonly int[] _featureOrder;
        private readonly bool _classification;
        private readonly int _outputs;
        // Per-candidate scratch: class counts on the left (classification).
        private readonly double[] _leftCounts, _totalCounts;
        // Best-split scratch: one feature's values in the node and their rows, sorted together.
        private readonly float[] _sortedValues = [];
        private readonly int[] _sortedRows = [];
        // Exact-histogram scratch: per distinct value (rank), class counts (or row counts, and target sums for values).
        private readonly double[] _binCounts = [], _binSums = [];
        // The mean target of the node being split (regression), from its impurity.
        private double _nodeMean;
        private readonly List<int> _feature = [], _left = [], _right = [];
        private readonly List<float> _threshold = [], _values = [];

        public Builder(TrainingData data, Growth growth, Random random)
        {
            _data = data;
            _growth = growth;
            _random = random;
            _classification = data.Classes is not null;
            // The bootstrap sample is drawn before any split, from the tree's own generator.
            if (!growth.Bootstrap) _rows = Enumerable.Range(0, data.Rows).ToArray();
            else
            {
                var draws = Enumerable.Range(0, data.Rows).Select(_ => random.Next(data.Rows)).ToArray();
                if (!growth.WeightedBootstrap) _rows = draws;
                else
                {
                    _weight = new int[data.Rows];
                    foreach (int r in draws) _weight[r]++;
                    _rows = Enumerable.Range(0, data.Rows).Where(r => _weight[r] > 0).ToArray();
                }
            }
            if (growth.BestSplit)
            {
                if (data.ValueRanks is null) throw new InvalidOperationException("The best splitter needs TrainingData.WithRanks().");
                _sortedValues = new float[data.Rows];
                _sortedRows = new int[data.Rows];
                int widest = data.DistinctValues!.Select(v => v.Length).DefaultIfEmpty(0).Max(); // none when every feature is constant
                _binCounts = new double[(widest + 1) * Math.Max(1, data.ClassCount)];
                _binSums = _classification ? [] : new double[widest + 1];
            }
            _featureOrder = Enumerable.Range(0, data.Columns.Length).ToArray();
            _outputs = !_classification ? 1 : data.ClassCount == 2 ? 1 : data.ClassCount;
            _leftCounts = new double[Math.Max(1, data.ClassCount)];
            _totalCounts = new double[Math.Max(1, data.ClassCount)];
        }

        public RandomizedTree Build()
        {
            // Depth-first with an explicit stack: (node index, first row, row count, depth, known constant features).
            var stack = new Stack<(int Node, int Start, int Count, int Depth, int Constant)>();
            stack.Push((NewNode(), 0, _rows.Length, 0, 0));
            while (stack.Count > 0)
            {
                var (node, start, count, depth, constant) = stack.Pop();
                var rows = _rows.AsSpan(start, count);
                double impurity = Impurity(rows, _totalCounts, out double mean);
                _nodeMean = mean;
                double weight = _nodeWeight;
                bool canSplit = weight >= 2 * _growth.MinLeaf && weight >= 2 && depth < _growth.MaxDepth && impurity > 1e-12;
                if (canSplit && FindSplit(rows, ref constant, out int feature, out float threshold))
                {
                    int nLeft = Partition(rows, _data.Columns[feature], threshold);
                    int left = NewNode(), right = NewNode();
                    _feature[node] = feature;
                    _threshold[node] = threshold;
                    _left[node] = left;
                    _right[node] = right;
                    stack.Push((right, start + nLeft, count - nLeft, depth + 1, constant));
                    stack.Push((left, start, nLeft, depth + 1, constant));
                }
                else
                {
                    _left[node] = _values.Count;
                    if (!_classification) _values.Add((float)mean);
                    else if (_outputs == 1) _values.Add((float)(_totalCounts[1] / weight));
                    else for (int c = 0; c < _outputs; c++) _values.Add((float)(_totalCounts[c] / weight));
                }
            }
            return new RandomizedTree([.. _feature], [.. _threshold], [.. _left], [.. _right], [.. _values], _outputs);
        }

        private int NewNode()
        {
            _feature.Add(-1);
            _threshold.Add(0);
            _left.Add(0);
            _right.Add(0);
            return _feature.Count - 1;
        }

        /// <summary>A row's weight: its draw count in a weighted bootstrap sample, else 1.</summary>
        private int W(int row) => _weight is null ? 1 : _weight[row];

        /// <summary>
        /// Gini (classes; fills <paramref name="counts"/>) or variance (values; sets <paramref name="mean"/>) of the rows,
        /// weighted; sets <see cref="_nodeWeight"/>.
        /// </summary>
        private double Impurity(ReadOnlySpan<int> rows, double[] counts, out double mean)
        {
            mean = 0;
            double total = 0;
            if (_classification)
            {
                Array.Clear(counts);
                var classes = _data.Classes!;
                foreach (int r in rows) { int w = W(r); counts[classes[r]] += w; total += w; }
                _nodeWeight = total;
                double g = 1;
                for (int c = 0; c < _data.ClassCount; c++) { double p = counts[c] / total; g -= p * p; }
                return g;
            }
            var y = _data.Targets!;
            double s = 0, ss = 0;
            foreach (int r in rows) { int w = W(r); s += w * (double)y[r]; ss += w * (double)y[r] * y[r]; total += w; }
            _nodeWeight = total;
            _nodeSum = s;
            _nodeSumSquares = ss;
            mean = s / total;
            return Math.Max(0, ss / total - mean * mean);
        }

        /// <summary>
        /// The best of up to FeaturesPerSplit random splits on features not constant in the node (features found
        /// constant do not count towards the number, as in scikit-learn); false when no split leaves
        /// MinLeaf rows on both sides. The first <paramref name="constant"/> entries of the feature order are features
        /// already known to be constant (in an ancestor, so in this node too): they are not drawn again. Features found
        /// constant here join them, for this node's children (scikit-learn's splitter does the same); the entries after
        /// them are only ever permuted by the descendants, so a right child still finds its parent's constants there
        /// after the left subtree is grown.
        /// </summary>
        private bool FindSplit(ReadOnlySpan<int> rows, ref int constant, out int bestFeature, out float bestThreshold)
        {
            bestFeature = -1;
            bestThreshold = 0;
            // As scikit-learn's splitter: the best valid candidate splits the node even when it gains nothing (a node
            // whose impurity is above zero is split until its rows are pure, identical or at the leaf size).
            double bestScore = double.PositiveInfinity;
            int d = _featureOrder.Length, tried = 0, known = constant;
            for (int i = known; i < d && tried < _growth.FeaturesPerSplit; i++)
            {
                // Partial Fisher-Yates over the features not known to be constant: the next one in a fresh random order.
                int j = i + _random.Next(d - i);
                (_featureOrder[i], _featureOrder[j]) = (_featureOrder[j], _featureOrder[i]);
                int f = _featureOrder[i];

                var column = _data.Columns[f];
                double score;
                float t;
                if (_growth.BestSplit)
                {
                    if (!BestThreshold(rows, f, out t, out score)) { constant = MarkConstant(i, constant); continue; }
                    tried++;
                }
                else
                {
                    float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
                    foreach (int r in rows)
                    {
                        float v = column[r];
                        if (v < lo) lo = v;
                        if (v > hi) hi = v;
                    }
                    if (!(hi > lo)) { constant = MarkConstant(i, constant); continue; } // constant (or all missing) in this node
                    tried++;
                    t = (float)(lo + _random.NextDouble() * (hi - lo));
                    if (t >= hi) t = lo; // rounding to float can land on hi, which would send every row left
                    score = SplitScore(rows, column, t);
                }
                if (score < bestScore)
                {
                    bestScore = score;
                    bestFeature = f;
                    bestThreshold = t;
                }
            }
            return bestFeature >= 0;
        }

        /// <summary>
        /// Moves the feature at <paramref name="i"/>, found constant, to the end of the constant block (the feature it
        /// displaces was drawn already, and stays among the drawn ones); returns the block's new length.
        /// </summary>
        private int MarkConstant(int i, int constant)
        {
            (_featureOrder[i], _featureOrder[constant]) = (_featureOrder[constant], _featureOrder[i]);
            return constant + 1;
        }

        /// <summary>
        /// The best threshold of one feature (the random forest's splitter): the node's rows sorted by the feature,
        /// every boundary between two distinct values scored (threshold at the midpoint, as scikit-learn), and where
        /// the node has missing values, also the split that sends just those right. The score is the weighted child
        /// impurity up to a constant of the node, so it compares across features of one node only. False when the
        /// feature is constant in the node (one value, no missing); the score is +inf when no split leaves MinLeaf
        /// rows on both sides.
        /// </summary>
        private bool BestThreshold(ReadOnlySpan<int> rows, int feature, out float threshold, out double bestScore)
        {
            // A feature with few distinct values for the node's rows (any feature near the root of a large table):
            // one pass filling a histogram over its value ranks, then a scan of the ranks, instead of a sort.
            if (_data.DistinctValues![feature].Length <= _growth.HistogramLimit * rows.Length) return HistogramThreshold(rows, feature, out threshold, out bestScore);
            var column = _data.Columns[feature];
            threshold = 0;
            bestScore = double.PositiveInfinity;
            int n = rows.Length, m = 0, tail = n;
            var values = _sortedValues.AsSpan(0, n);
            var order = _sortedRows.AsSpan(0, n);
            // Up to two distinct values (one-hot slots, indicators, booleans) are put in order by one partition pass
            // instead of a sort.
            float first = 0, second = float.NaN;
            bool many = false;
            foreach (int r in rows)
            {
                float v = column[r];
                if (float.IsNaN(v)) { order[--tail] = r; continue; } // missing rows at the end; they always go right
                if (m == 0) first = v;
                else if (v != first && !many)
                {
                    if (float.IsNaN(second)) second = v;
                    else if (v != second) many = true;
                }
                values[m] = v;
                order[m++] = r;
            }
            if (m == 0 || (m == n && float.IsNaN(second))) return false; // constant in this node (or all missing)
            if (many) values[..m].Sort(order[..m]);
            else if (!float.IsNaN(second))
            {
                float low = Math.Min(first, second);
                for (int i = 0, j = m - 1; i <= j;)
                {
                    if (values[i] == low) i++;
                    else
                    {
                        (values[i], values[j]) = (values[j], values[i]);
                        (order[i], order[j]) = (order[j], order[i]);
                        j--;
                    }
                }
            }
            int minLeaf = _growth.MinLeaf;
            double total = _nodeWeight; // weighted rows of the node, missing ones included
            if (_classification)
            {
                var classes = _data.Classes!;
                Array.Clear(_leftCounts);
                // n_L * gini_L + n_R * gini_R = n - sum(c_L^2) / n_L - sum(c_R^2) / n_R, kept up to date one row at a time.
                // With weights a: (l + a)^2 - l^2 = 2 l a + a^2, and (r - a)^2 - r^2 = -2 r a + a^2.
                double sumLeft2 = 0, sumRight2 = 0, nLeft = 0;
                for (int c = 0; c < _data.ClassCount; c++) sumRight2 += _totalCounts[c] * _totalCounts[c];
                for (int i = 0; i < m; i++)
                {
                    int r = order[i], c = classes[r];
                    double a = W(r), l = _leftCounts[c], rr = _totalCounts[c] - l;
                    sumLeft2 += 2 * l * a + a * a;
                    sumRight2 -= 2 * rr * a - a * a;
                    _leftCounts[c] = l + a;
                    nLeft += a;
                    if (!Boundary(values, i, m, nLeft, total, minLeaf, out bool stop)) { if (stop) break; continue; }
                    double nRight = total - nLeft;
                    double score = -(sumLeft2 / nLeft + sumRight2 / nRight);
                    if (score < bestScore) { bestScore = score; threshold = Midpoint(values, i, m); }
                }
                return true;
            }
            // Squared error up to the node's constant: -(s_L^2 / n_L + s_R^2 / n_R), on values centred at the node's
            // mean so that large targets (prices) do not cancel.
            var y = _data.Targets!;
            double mean = _nodeMean, sL = 0, sAll = 0, nLeftRows = 0;
            foreach (int r in rows) sAll += W(r) * (y[r] - mean);
            for (int i = 0; i < m; i++)
            {
                int r = order[i];
                double a = W(r);
                sL += a * (y[r] - mean);
                nLeftRows += a;
                if (!Boundary(values, i, m, nLeftRows, total, minLeaf, out bool stop)) { if (stop) break; continue; }
                double nLeft = nLeftRows, nRight = total - nLeft;
                double sR = sAll - sL;
                double score = -(sL * sL / nLeft + sR * sR / nRight);
                if (score < bestScore) { bestScore = score; threshold = Midpoint(values, i, m); }
            }
            return true;
        }

        /// <summary>
        /// <see cref="BestThreshold"/> by an exact histogram: rows counted per value rank (and class, or with their
        /// centred target sums), then every boundary between two present ranks scored in rank order, then the split
        /// that sends just the missing rows right. The same splits and scores as sorting the rows.
        /// </summary>
        private bool HistogramThreshold(ReadOnlySpan<int> rows, int feature, out float threshold, out double bestScore)
        {
            threshold = 0;
            bestScore = double.PositiveInfinity;
            var rank = _data.ValueRanks![feature];
            var distinct = _data.DistinctValues![feature];
            int bins = distinct.Length, minLeaf = _growth.MinLeaf;
            double n = _nodeWeight;
            int k = Math.Max(1, _data.ClassCount), missing = bins; // the missing rows' bin comes last
            var counts = _binCounts.AsSpan(0, (bins + 1) * (_classification ? k : 1));
            counts.Clear();
            if (_classification)
            {
                var classes = _data.Classes!;
                foreach (int r in rows) counts[(rank[r] < 0 ? missing : rank[r]) * k + classes[r]] += W(r);
            }
            else
            {
                var y = _data.Targets!;
                double mean = _nodeMean;
                var sums = _binSums.AsSpan(0, bins + 1);
                sums.Clear();
                foreach (int r in rows)
                {
                    int b = rank[r] < 0 ? missing : rank[r];
                    int w = W(r);
                    counts[b] += w;
                    sums[b] += w * (y[r] - mean);
                }
            }
            int present = 0;
            for (int b = 0; b < bins && present < 2; b++) if (BinRows(b, k) > 0) present++;
            double missingRows = BinRows(missing, k);
            if (present + (missingRows > 0 ? 1 : 0) < 2) return false; // constant in this node (or all missing)

            double sumLeft2 = 0, sumRight2 = 0, sL = 0, sAll = 0;
            if (_classification)
            {
                Array.Clear(_leftCounts);
                for (int c = 0; c < k; c++) sumRight2 += _totalCounts[c] * _totalCounts[c];
            }
            else for (int b = 0; b <= bins; b++) sAll += _binSums[b];
            double nLeft = 0;
            int previous = -1;
            for (int b = 0; b <= bins; b++)
            {
                double rowsHere = BinRows(b, k);
                if (rowsHere == 0) continue;
                // The boundary before this bin: every present rank so far goes left.
                if (previous >= 0 && nLeft >= minLeaf && n - nLeft >= minLeaf)
                {
                    double nRight = n - nLeft;
                    double score = _classification ? -(sumLeft2 / nLeft + sumRight2 / nRight) : -(sL * sL / nLeft + (sAll - sL) * (sAll - sL) / nRight);
                    if (score < bestScore)
                    {
                        bestScore = score;
                        threshold = b == missing ? distinct[previous] : Midpoint(distinct[previous], distinct[b]);
                    }
                }
                if (b == missing || n - nLeft - rowsHere < minLeaf) break; // nothing further can keep MinLeaf rows right
                if (_classification)
                    for (int c = 0; c < k; c++)
                    {
                        double a = counts[b * k + c];
                        if (a == 0) continue;
                        double l = _leftCounts[c], rr = _totalCounts[c] - l;
                        sumLeft2 += 2 * l * a + a * a;
                        sumRight2 += -2 * rr * a + a * a;
                        _leftCounts[c] = l + a;
                    }
                else sL += _binSums[b];
                nLeft += rowsHere;
                previous = b;
            }
            return true;
        }

        /// <summary>Rows in histogram bin <paramref name="b"/> (over its <paramref name="k"/> classes).</summary>
        private double BinRows(int b, int k)
        {
            if (!_classification) return _binCounts[b];
            double total = 0;
            for (int c = 0; c < k; c++) total += _binCounts[b * k + c];
            return total;
        }

        /// <summary>
        /// Whether the rows up to sorted position <paramref name="i"/> (weighing <paramref name="nLeft"/> of the node's
        /// <paramref name="n"/>) can go left: the next value differs (or the rest are missing), and both sides keep
        /// MinLeaf rows. <paramref name="stop"/>: no later position can either.
        /// </summary>
        private static bool Boundary(ReadOnlySpan<float> values, int i, int m, double nLeft, double n, int minLeaf, out bool stop)
        {
            double nRight = n - nLeft;
            stop = nRight < minLeaf || nRight <= 0;
            if (stop || nLeft < minLeaf) return false;
            return i == m - 1 || values[i] != values[i + 1];
        }

        /// <summary>The threshold after sorted position <paramref name="i"/>: the midpoint to the next value, or the value itself before the missing rows.</summary>
        private static float Midpoint(ReadOnlySpan<float> values, int i, int m) => i == m - 1 ? values[i] : Midpoint(values[i], values[i + 1]);

        /// <summary>The midpoint of two ascending values (scikit-learn's threshold), or the lower one where rounding reaches the upper.</summary>
        private static float Midpoint(float low, float high)
        {
            float t = (float)((low + (double)high) / 2);
            return t >= high || float.IsInfinity(t) ? low : t;
        }

        /// <summary>Weighted child impurity (rows x impurity, summed over both children) of a split; +inf if a child is too small.</summary>
        private double SplitScore(ReadOnlySpan<int> rows, float[] column, float threshold)
        {
            double n = _nodeWeight, nLeft = 0;
            if (_classification)
            {
                var classes = _data.Classes!;
                Array.Clear(_leftCounts);
                foreach (int r in rows)
                    if (column[r] <= threshold) { int w = W(r); _leftCounts[classes[r]] += w; nLeft += w; }
                double nRight = n - nLeft;
                if (nLeft < _growth.MinLeaf || nRight < _growth.MinLeaf) return double.PositiveInfinity;
                // n_L * gini_L = n_L - sum(c_L^2) / n_L, likewise right.
                double sl = 0, sr = 0;
                for (int c = 0; c < _data.ClassCount; c++)
                {
                    double l = _leftCounts[c], rr = _totalCounts[c] - l;
                    sl += l * l;
                    sr += rr * rr;
                }
                return nLeft - sl / nLeft + nRight - sr / nRight;
            }
            var y = _data.Targets!;
            double s = _nodeSum, ss = _nodeSumSquares, sL = 0, ssL = 0;
            foreach (int r in rows)
            {
                if (column[r] > threshold) continue;
                double v = y[r], w = W(r);
                sL += w * v;
                ssL += w * v * v;
                nLeft += w;
            }
            double right = n - nLeft;
            if (nLeft < _growth.MinLeaf || right < _growth.MinLeaf) return double.PositiveInfinity;
            double sR = s - sL, ssR = ss - ssL;
            return ssL - sL * sL / nLeft + ssR - sR * sR / right;
        }

        /// <summary>Moves the rows going left to the front; returns their count.</summary>
        private static int Partition(Span<int> rows, float[] column, float threshold)
        {
            int i = 0, j = rows.Length - 1;
            while (i <= j)
            {
                if (column[rows[i]] <= threshold) i++;
                else { (rows[i], rows[j]) = (rows[j], rows[i]); j--; }
            }
            return i;
        }
    }
}
