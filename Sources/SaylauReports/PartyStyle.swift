/// How a party is drawn: a fill colour and a short display name.
///
/// **These are presentation choices, not facts.** No official colour register exists for Kazakh parties.
/// The colours below were chosen for this project to be distinct from each other (also in greyscale and
/// for the common red–green colour-vision deficiencies as far as seven hues allow) and, where a party's
/// campaign branding has a widely recognised dominant colour, to stay close to it: AMANAT's blue, the
/// People's Party's (formerly the Communist People's Party) red, Auyl's green. The others are assigned
/// hues that do not clash. Change them here; no data depends on them.
public struct PartyStyle: Hashable, Sendable {
    /// Fill colour as `#rrggbb`.
    public var color: String
    /// A short name for legends and labels.
    public var shortName: String

    public init(color: String, shortName: String) {
        self.color = color
        self.shortName = shortName
    }

    /// Styles by party code (the `party_code` column of `results_2023_party_list.csv`).
    public static let byCode: [String: PartyStyle] = [
        "amanat": PartyStyle(color: "#2b6cb0", shortName: "AMANAT"),
        "auyl": PartyStyle(color: "#3f9b3f", shortName: "Auyl"),
        "respublica": PartyStyle(color: "#8e44ad", shortName: "Respublica"),
        "ak_zhol": PartyStyle(color: "#1fb5c9", shortName: "Ak Zhol"),
        "qhp": PartyStyle(color: "#c8102e", shortName: "People's Party"),
        "jsdp": PartyStyle(color: "#f08a24", shortName: "JSDP"),
        "baytaq": PartyStyle(color: "#9ccc65", shortName: "Baytaq"),
        "independent": PartyStyle(color: "#8c8c8c", shortName: "Independents"),
        // Earlier names: Nur Otan (2006–2022) was renamed AMANAT in 2022, Otan (1999–2006) merged into
        // Nur Otan; the Communist People's Party (KNPK) was renamed the People's Party (QHP) in 2020.
        "nur_otan": PartyStyle(color: "#2b6cb0", shortName: "Nur Otan"),
        "otan": PartyStyle(color: "#2b6cb0", shortName: "Otan"),
        "knpk": PartyStyle(color: "#c8102e", shortName: "KNPK"),
        "asar": PartyStyle(color: "#e6a817", shortName: "Asar"),
        "aist": PartyStyle(color: "#6d9b3a", shortName: "AIST"),
        "adal": PartyStyle(color: "#7f8fa6", shortName: "Adal"),
        "apk": PartyStyle(color: "#b07aa1", shortName: "Assembly of People (elected by it)"),
        "other": PartyStyle(color: "#bdbdbd", shortName: "Other lists"),
        "against_all": PartyStyle(color: "#4d4d4d", shortName: "Against all"),
    ]

    /// The colour of seats and areas whose holder is not known (never a guess at a party).
    public static let unknownColor = "#e3e3e3"
    /// The colour of areas with no value in a numeric choropleth (drawn with a hatch on top).
    public static let noDataColor = "#ffffff"

    /// Colours for parties missing from `byCode`, taken in order of first appearance.
    public static let fallbackPalette = [
        "#6a3d9a", "#b15928", "#e31a1c", "#33a02c", "#1f78b4", "#ff7f00", "#a6cee3", "#fb9a99", "#b2df8a",
        "#cab2d6", "#fdbf6f", "#ffff99", "#17becf", "#bcbd22", "#7f7f7f", "#e377c2", "#8c564b", "#9467bd",
        "#d62728", "#2ca02c",
    ]

    /// The style for `code`, or a fallback colour chosen by `index` (position of the party in its list), so
    /// the same input always gets the same colours.
    public static func style(code: String, name: String, index: Int) -> PartyStyle {
        if let known = byCode[code] { return known }
        return PartyStyle(color: fallbackPalette[index % fallbackPalette.count], shortName: name)
    }
}
