import Foundation

/// Convergence of one recorded statistic across the chains of an ensemble.
public struct StatisticDiagnostics: Sendable, Codable, Equatable {
  public var statistic: String
  /// Rank-normalised split-R̂ (Vehtari, Gelman, Simpson, Carpenter and Bürkner 2021): the larger of the
  /// bulk and the folded (tail) values. Close to 1 when the chains (and the halves of each chain) agree;
  /// `nil` when the statistic does not vary.
  public var rHat: Double?
  /// Bulk effective sample size of all chains together (Geyer's initial monotone sequence on the
  /// rank-normalised split chains, as in Stan); `nil` when the statistic does not vary.
  public var effectiveSampleSize: Double?
  /// Mean of the statistic in each chain.
  public var chainMeans: [Double]
}

/// How one chain moved.
public struct ChainDiagnostics: Sendable, Codable, Equatable {
  public var chain: Int
  public var steps: Int
  /// Share of steps whose proposal was carried out (1 for ReCom; reversible ReCom rejects).
  public var acceptanceRate: Double
  /// Share of steps after which the plan was the same partition as before (rejections, and moves that
  /// gave back the same two districts); `nil` without plan fingerprints.
  public var selfLoopRate: Double?
  /// Rejections by reason (``StepOutcome``).
  public var rejections: [String: Int]
  /// Different plans the chain visited; `nil` without plan fingerprints.
  public var distinctPlans: Int?
}

/// The diagnostics of an ensemble: convergence of each statistic, the chains' moves, plan diversity, and
/// warnings in words.
public struct EnsembleDiagnostics: Sendable, Codable, Equatable {
  public var statistics: [StatisticDiagnostics]
  public var chains: [ChainDiagnostics]
  public var acceptanceRate: Double
  public var selfLoopRate: Double?
  /// Different plans over all chains, and their share of all steps (1 = every step a new plan).
  public var distinctPlans: Int?
  public var planDiversity: Double?
  /// Trees drawn per step, on average (the work per step).
  public var meanTreesPerStep: Double?
  /// Units in the merged pair of districts, on average (merged-node-steps = steps × this).
  public var meanMergedUnits: Double?
  /// What a researcher should know: chains that disagree (R̂ above ``rHatWarning``), too few effective
  /// samples (below ``essWarning``).
  public var warnings: [String]

  /// R̂ above this is a warning that the chains disagree (the threshold of Vehtari et al. 2021).
  public static let rHatWarning = 1.01
  /// Fewer effective samples than this is a warning (Vehtari et al. 2021).
  public static let essWarning = 400.0

  /// The diagnostics of the records of each chain (one array per chain, in step order).
  public init(chains records: [[StepRecord]]) {
    var stats: [StatisticDiagnostics] = []
    for statistic in EnsembleStatistic.allCases where statistic.describesAPlan {
      let series = records.map { chain in chain.compactMap { r in value(statistic, r) } }
      guard series.allSatisfy({ !$0.isEmpty }), !series.isEmpty else { continue }
      let means = series.map { $0.reduce(0, +) / Double($0.count) }
      let (rHat, ess) = Convergence.rHatAndESS(series)
      stats.append(
        StatisticDiagnostics(
          statistic: statistic.rawValue, rHat: rHat, effectiveSampleSize: ess, chainMeans: means))
    }
    statistics = stats
    var chainDiagnostics: [ChainDiagnostics] = []
    var all = Set<String>()
    var haveFingerprints = true
    var totalSteps = 0
    var totalMoved = 0
    var totalLoops = 0
    var trees = 0
    var treeSteps = 0
    var merged = 0
    var mergedSteps = 0
    for (c, chain) in records.enumerated() {
      var moved = 0
      var loops = 0
      var rejections: [String: Int] = [:]
      var seen = Set<String>()
      var previous: String? = nil
      for r in chain {
        if let reason = r.selfLoop { rejections[reason, default: 0] += 1 } else { moved += 1 }
        if let t = r.trees {
          trees += t
          treeSteps += 1
        }
        if let m = r.merged, m > 0 {
          merged += m
          mergedSteps += 1
        }
        guard let p = r.plan else {
          haveFingerprints = false
          continue
        }
        if p == previous { loops += 1 }
        previous = p
        seen.insert(p)
      }
      all.formUnion(seen)
      totalSteps += chain.count
      totalMoved += moved
      totalLoops += loops
      let n = Double(max(1, chain.count))
      chainDiagnostics.append(
        ChainDiagnostics(
          chain: chain.first?.chain ?? c, steps: chain.count, acceptanceRate: Double(moved) / n,
          selfLoopRate: haveFingerprints ? Double(loops) / Double(max(1, chain.count - 1)) : nil,
          rejections: rejections, distinctPlans: haveFingerprints ? seen.count : nil))
    }
    chains = chainDiagnostics
    acceptanceRate = Double(totalMoved) / Double(max(1, totalSteps))
    let pairsOfSteps = totalSteps - records.count
    selfLoopRate = haveFingerprints ? Double(totalLoops) / Double(max(1, pairsOfSteps)) : nil
    distinctPlans = haveFingerprints ? all.count : nil
    planDiversity = haveFingerprints ? Double(all.count) / Double(max(1, totalSteps)) : nil
    meanTreesPerStep = treeSteps > 0 ? Double(trees) / Double(treeSteps) : nil
    meanMergedUnits = mergedSteps > 0 ? Double(merged) / Double(mergedSteps) : nil
    var w: [String] = []
    for s in stats {
      if let r = s.rHat, r > Self.rHatWarning {
        w.append(
          "\(s.statistic.replacingOccurrences(of: "_", with: " ")): R-hat \(format(r)) > \(Self.rHatWarning): the chains (or the halves of a chain) disagree; run longer or with more chains"
        )
      }
      if let e = s.effectiveSampleSize, e < Self.essWarning {
        w.append(
          "\(s.statistic.replacingOccurrences(of: "_", with: " ")): effective sample size \(Int(e)) < \(Int(Self.essWarning))"
        )
      }
    }
    warnings = w
  }
}

private func value(_ s: EnsembleStatistic, _ r: StepRecord) -> Double? {
  switch s {
  case .cutEdges: return Double(r.cutEdges)
  case .maxDeviation: return r.maxDeviation
  case .polsbyPopperMean: return r.polsbyPopperMean
  case .polsbyPopperMin: return r.polsbyPopperMin
  case .splits: return r.splits.map(Double.init)
  case .treesPerStep: return r.trees.map(Double.init)
  }
}

private func format(_ x: Double) -> String { String(format: "%.3f", x) }

/// R̂ and effective sample size (Vehtari et al. 2021; Stan's estimators).
public enum Convergence {
  /// The rank-normalised split-R̂ (max of bulk and folded) and the bulk effective sample size of
  /// `chains` (one series per chain, equal lengths are not required: each is cut to the shortest).
  public static func rHatAndESS(_ chains: [[Double]]) -> (rHat: Double?, ess: Double?) {
    let n = chains.map(\.count).min() ?? 0
    guard n >= 4 else { return (nil, nil) }
    // Split each chain in two halves.
    let half = n / 2
    var split: [[Double]] = []
    for c in chains {
      split.append(Array(c[0..<half]))
      split.append(Array(c[(n - half)..<n]))
    }
    let pooled = split.flatMap { $0 }
    guard let lo = pooled.min(), let hi = pooled.max(), hi > lo else { return (nil, nil) }
    let bulk = rankNormalised(split)
    let median = Distribution(pooled).p50
    let folded = rankNormalised(split.map { $0.map { abs($0 - median) } })
    let r1 = rHat(bulk)
    let r2 = rHat(folded)
    let r: Double?
    switch (r1, r2) {
    case (let a?, let b?): r = max(a, b)
    case (let a?, nil): r = a
    default: r = nil
    }
    return (r, ess(bulk))
  }

  /// Split chains replaced by normal scores of their pooled ranks (average ranks for ties).
  static func rankNormalised(_ chains: [[Double]]) -> [[Double]] {
    let pooled = chains.flatMap { $0 }
    let s = Double(pooled.count)
    let order = pooled.indices.sorted { pooled[$0] < pooled[$1] }
    var rank = [Double](repeating: 0, count: pooled.count)
    var i = 0
    while i < order.count {
      var j = i
      while j + 1 < order.count && pooled[order[j + 1]] == pooled[order[i]] { j += 1 }
      let r = Double(i + j) / 2 + 1
      for k in i...j { rank[order[k]] = r }
      i = j + 1
    }
    var out: [[Double]] = []
    var at = 0
    for c in chains {
      out.append(c.indices.map { k in inverseNormal((rank[at + k] - 0.375) / (s + 0.25)) })
      at += c.count
    }
    return out
  }

  /// Split-R̂ of equal-length chains (Gelman et al., BDA3).
  static func rHat(_ chains: [[Double]]) -> Double? {
    let m = Double(chains.count)
    let n = Double(chains[0].count)
    let means = chains.map { $0.reduce(0, +) / n }
    let grand = means.reduce(0, +) / m
    let b = n / (m - 1) * means.map { ($0 - grand) * ($0 - grand) }.reduce(0, +)
    let w =
      zip(chains, means).map { c, mu in c.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / (n - 1) }
      .reduce(0, +) / m
    guard w > 0 else { return nil }
    let varPlus = (n - 1) / n * w + b / n
    return (varPlus / w).squareRoot()
  }

  /// Effective sample size of equal-length chains (Stan: Geyer's initial monotone sequence on the
  /// combined autocorrelation estimate).
  static func ess(_ chains: [[Double]]) -> Double? {
    let m = chains.count
    let n = chains[0].count
    let nd = Double(n)
    let means = chains.map { $0.reduce(0, +) / nd }
    let variances = zip(chains, means).map { c, mu in
      c.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / (nd - 1)
    }
    let w = variances.reduce(0, +) / Double(m)
    guard w > 0 else { return nil }
    let grand = means.reduce(0, +) / Double(m)
    let b = m > 1 ? nd / Double(m - 1) * means.map { ($0 - grand) * ($0 - grand) }.reduce(0, +) : 0
    let varPlus = (nd - 1) / nd * w + b / nd
    // Mean autocovariance over chains at lag t (biased, divided by n), computed lag by lag until the
    // sequence stops.
    func rho(_ t: Int) -> Double {
      var acov = 0.0
      for (c, mu) in zip(chains, means) {
        var s = 0.0
        c.withUnsafeBufferPointer { x in
          for i in 0..<(n - t) { s += (x[i] - mu) * (x[i + t] - mu) }
        }
        acov += s / nd
      }
      acov /= Double(m)
      return 1 - (w - acov) / varPlus
    }
    var sum = 0.0
    var previousPair = Double.infinity
    var t = 0
    while t + 1 < n {
      let pair = (t == 0 ? 1.0 : rho(t)) + rho(t + 1)
      if pair <= 0 { break }
      let monotone = min(pair, previousPair)
      sum += monotone
      previousPair = monotone
      t += 2
    }
    let tau = max(-1 + 2 * sum, 1 / log10(Double(m * n)))
    return Double(m * n) / tau
  }

  /// The standard normal quantile function (Acklam's approximation with one Halley refinement step).
  static func inverseNormal(_ p: Double) -> Double {
    let a = [
      -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
      1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00,
    ]
    let b = [
      -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
      6.680131188771972e+01, -1.328068155288572e+01,
    ]
    let c = [
      -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
      -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00,
    ]
    let d = [
      7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00,
    ]
    let low = 0.02425
    var x: Double
    if p < low {
      let q = (-2 * log(p)).squareRoot()
      x =
        (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
        / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    } else if p <= 1 - low {
      let q = p - 0.5
      let r = q * q
      x =
        (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    } else {
      let q = (-2 * log(1 - p)).squareRoot()
      x =
        -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
        / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    // One Halley step on Φ(x) − p.
    let e = 0.5 * erfc(-x / 2.0.squareRoot()) - p
    let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
    return x - u / (1 + x * u / 2)
  }
}
