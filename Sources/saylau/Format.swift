import SaylauReports

/// 964419 -> "964,419": the reports' one number format, for the progress lines on stderr.
func grouped(_ n: Int) -> String { SVGFormat.grouped(n) }
