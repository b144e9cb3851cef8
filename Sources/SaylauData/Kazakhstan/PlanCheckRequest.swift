import Foundation
import SaylauCore
import SaylauDistricting

/// Why a graph or a plan named by a user cannot be read or checked.
public enum DistrictingInputError: Error, CustomStringConvertible, Sendable, Equatable {
  case noPlan
  case enactedNeedsBundledGraph
  case unreadable(path: String, reason: String)
  case planFile(CSVError)
  case enacted(OfficialPlanError)
  case bundledData(String)
  case graph(GraphError)

  public var description: String {
    switch self {
    case .noPlan: return "no plan: give a plan file or the scheme of an enacted plan"
    case .enactedNeedsBundledGraph: return "an enacted plan is checked on the bundled graph only"
    case .unreadable(let path, let reason): return "\(path): \(reason)"
    case .planFile(let e): return e.description
    case .enacted(let e): return "enacted plan: \(e.description)"
    case .bundledData(let reason): return "bundled data: \(reason)"
    case .graph(let e): return e.description
    }
  }
}

extension BundledData {
  /// A graph by name: the bundled Kazakhstan units (``KazakhstanPlanChecker/graphName``), with the
  /// Kazakhstan graph itself, or a file (NetworkX JSON, or GeoJSON with rook adjacency computed).
  /// - Parameters:
  ///   - name: `kazakhstan` or a path.
  ///   - idProperty: the GeoJSON property naming each unit.
  ///   - toleranceMetres: GeoJSON: the tolerance for borders digitised twice.
  /// - Throws: ``DistrictingInputError``.
  public static func graph(_ name: String, idProperty: String? = nil, toleranceMetres: Double = 0)
    throws(DistrictingInputError) -> (map: GeographicGraph, kazakhstan: KazakhstanGraph?)
  {
    guard name == KazakhstanPlanChecker.graphName else {
      do {
        return (
          try GraphFile.read(name, idProperty: idProperty, toleranceMetres: toleranceMetres), nil
        )
      } catch { throw .graph(error) }
    }
    do {
      let kz = try kazakhstanGraph()
      return (kz.map, kz)
    } catch { throw .bundledData("\(error)") }
  }
}

/// A plan check as a user asks for it: a plan file or a scheme's enacted plan, on the bundled units (with
/// the registry's regions and populations) or on a graph file.
public struct PlanCheckRequest: Sendable {
  public var graph = KazakhstanPlanChecker.graphName
  public var planFile: String?
  /// The scheme whose enacted plan is checked instead of a file (bundled graph only).
  public var enactedScheme: String?
  public var regionColumn: String?
  public var populationColumn = "population"
  public var idProperty: String?
  public var toleranceMetres = 25.0
  public var policy = MissingPolygonPolicy.mergeIntoHost

  public init() {}

  /// Reads the graph and the plan and checks it.
  /// - Throws: ``DistrictingInputError``.
  public func check() throws(DistrictingInputError) -> CheckedPlan {
    if graph == KazakhstanPlanChecker.graphName {
      let checker: KazakhstanPlanChecker
      do { checker = try KazakhstanPlanChecker.bundled(policy: policy) } catch {
        throw .bundledData("\(error)")
      }
      var planCheck = checker.planCheck
      if let regionColumn { planCheck.regionColumn = regionColumn }
      planCheck.populationColumn = populationColumn
      if let enactedScheme {
        do {
          let enacted = try OfficialPlans.enacted(scheme: enactedScheme, in: checker.registry)
          return planCheck.check(enacted.plan, named: enacted.name, published: enacted.published)
        } catch { throw .enacted(error) }
      }
      return try check(with: planCheck)
    }
    guard enactedScheme == nil else { throw .enactedNeedsBundledGraph }
    let (map, _) = try BundledData.graph(
      graph, idProperty: idProperty, toleranceMetres: toleranceMetres)
    return try check(
      with: PlanCheck(
        map: map, graphName: graph, regionColumn: regionColumn,
        populationColumn: populationColumn, policy: policy))
  }

  private func check(with planCheck: PlanCheck) throws(DistrictingInputError) -> CheckedPlan {
    guard let planFile else { throw .noPlan }
    // The size is checked before the file is read.
    let bytes: [UInt8]
    do { bytes = try InputFile.read(planFile, limit: CSVTable.maximumFileBytes) } catch {
      throw .unreadable(path: planFile, reason: error.message)
    }
    do {
      let plan = try PlanCSV.read(bytes: bytes, source: planFile, knownUnits: planCheck.knownUnits)
      return planCheck.check(plan, named: planFile)
    } catch { throw .planFile(error) }
  }
}
