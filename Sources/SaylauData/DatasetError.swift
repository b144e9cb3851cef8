import Foundation
import SaylauCore
import SaylauRegistry

/// Where a value in a data file is wrong: the file, the physical line (1 = header) and the column.
public typealias DatasetError = CSVError
