// The SaylauReports module: pictures and pages of elections and constituencies.
//
// Renderers take small input types of their own, so any caller (the CLI, the server, a test) can use them:
// - ParliamentDiagram.svg(ParliamentChart) — the chamber as a hemicycle (layout: HemicycleLayout).
// - ConstituencyMap.svg(MapSpec, geometry: MapGeometry) and .locatorSVG — maps with city insets; MapGeometry
//   is built once from MapUnit values (MapUnit.units(registry:features:on:)) and reused.
// - Choropleth.categorical / .numeric — fills and legends; a missing value is "no data", never zero.
// - SeatsVotesChart — vote share against seat share.
// - Document — one model rendered to Markdown and HTML; ConstituencyArticle and ElectionReport build it.
// - ElectionContext.load(year:) gathers an election from SaylauData and SaylauElections;
//   ElectionPictures and ReportSite turn it into pictures and a static site.
// Output is deterministic: fixed number formatting, no dictionary-order dependence.
