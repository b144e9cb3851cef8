/// The OpenAPI 3.1 document of the API, written by hand next to the routes it describes
/// (validated in CI with openapi-spec-validator and exercised with schemathesis).
enum OpenAPIDocument {
  static let json = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Saylau API",
        "version": "1.0.0",
        "description": "Kazakhstan's Mäjilis constituencies, elections, imported polling-station protocols and seats. Reading is public; writing needs the operator's bearer token. Unknown values are absent (never zero).",
        "license": {"name": "Data: CC BY-SA 4.0 (Wikipedia), CC BY 4.0 (geokz)", "identifier": "CC-BY-SA-4.0"}
      },
      "servers": [{"url": "/"}],
      "paths": {
        "/health": {
          "get": {
            "operationId": "health",
            "summary": "Liveness and database check",
            "responses": {
              "200": {"description": "The server and its database answer", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}},
              "503": {"description": "The database does not answer", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}
            }
          }
        },
        "/api/v1/regions": {
          "get": {
            "operationId": "listRegions",
            "summary": "Regions and cities of republican significance",
            "responses": {
              "200": {"description": "All regions", "content": {"application/json": {"schema": {
                "type": "object", "required": ["regions"],
                "properties": {"regions": {"type": "array", "items": {"$ref": "#/components/schemas/Region"}}}}}}}
            }
          }
        },
        "/api/v1/regions/{code}": {
          "get": {
            "operationId": "getRegion",
            "summary": "One region and its units",
            "parameters": [{"name": "code", "in": "path", "required": true, "schema": {"type": "string"}, "example": "almaty_region"}],
            "responses": {
              "200": {"description": "The region", "content": {"application/json": {"schema": {
                "type": "object", "required": ["region", "units"],
                "properties": {"region": {"$ref": "#/components/schemas/Region"}, "units": {"type": "array", "items": {"$ref": "#/components/schemas/Unit"}}}}}}},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/api/v1/constituencies": {
          "get": {
            "operationId": "listConstituencies",
            "summary": "Constituencies in force on a date",
            "parameters": [{"$ref": "#/components/parameters/Date"}],
            "responses": {
              "200": {"description": "The constituencies", "content": {"application/json": {"schema": {
                "type": "object", "required": ["date", "constituencies"],
                "properties": {"date": {"type": "string", "format": "date"}, "constituencies": {"type": "array", "items": {"$ref": "#/components/schemas/Constituency"}}}}}}},
              "400": {"$ref": "#/components/responses/BadRequest"}
            }
          }
        },
        "/api/v1/constituencies/{number}": {
          "get": {
            "operationId": "getConstituency",
            "summary": "One constituency on a date: infobox, units, history, 2023 candidates",
            "parameters": [
              {"name": "number", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1, "maximum": 999}, "example": 12},
              {"$ref": "#/components/parameters/Date"}
            ],
            "responses": {
              "200": {"description": "The constituency", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ConstituencyDetail"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/api/v1/lookup": {
          "get": {
            "operationId": "lookup",
            "summary": "Which constituency holds a unit or a point",
            "description": "Give `unit`, or `lat` and `lon` (WGS 84); with `unit`, `lat` and `lon` are ignored. A point is located in the bundled unit polygons. Shymkent's Al-Farabi district is split between Nos 6 and 7: both are answered, with `ambiguous` true.",
            "parameters": [
              {"name": "unit", "in": "query", "schema": {"type": "string"}, "example": "almaty_region.karasay"},
              {"name": "lat", "in": "query", "schema": {"type": "number", "minimum": -90, "maximum": 90}, "example": 43.24},
              {"name": "lon", "in": "query", "schema": {"type": "number", "minimum": -180, "maximum": 180}, "example": 76.89},
              {"$ref": "#/components/parameters/Date"}
            ],
            "responses": {
              "200": {"description": "The units and constituencies found", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Lookup"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/api/v1/elections": {
          "get": {
            "operationId": "listElections",
            "summary": "Elections in the database",
            "responses": {
              "200": {"description": "The elections", "content": {"application/json": {"schema": {
                "type": "object", "required": ["elections"],
                "properties": {"elections": {"type": "array", "items": {"$ref": "#/components/schemas/Election"}}}}}}}
            }
          }
        },
        "/api/v1/elections/{id}": {
          "get": {
            "operationId": "getElection",
            "summary": "One election and its protocol imports",
            "parameters": [{"$ref": "#/components/parameters/ElectionID"}],
            "responses": {
              "200": {"description": "The election", "content": {"application/json": {"schema": {
                "type": "object", "required": ["election", "imports"],
                "properties": {"election": {"$ref": "#/components/schemas/Election"}, "imports": {"type": "array", "items": {"$ref": "#/components/schemas/Import"}}}}}}},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/api/v1/elections/{id}/results": {
          "get": {
            "operationId": "getResults",
            "summary": "Published results and the totals of imported protocols",
            "parameters": [{"$ref": "#/components/parameters/ElectionID"}],
            "responses": {
              "200": {"description": "The results", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Results"}}}},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/api/v1/elections/{id}/seats": {
          "get": {
            "operationId": "getSeats",
            "summary": "Seats by party",
            "parameters": [{"$ref": "#/components/parameters/ElectionID"}],
            "responses": {
              "200": {"description": "The seats", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Seats"}}}},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/api/v1/elections/{id}/protocols": {
          "get": {
            "operationId": "getProtocolTotals",
            "summary": "Totals of the imported protocols of one ballot",
            "parameters": [
              {"$ref": "#/components/parameters/ElectionID"},
              {"name": "ballot", "in": "query", "schema": {"type": "string", "enum": ["list", "constituency"]}},
              {"name": "constituency", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 999}}
            ],
            "responses": {
              "200": {"description": "The totals", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ProtocolTotals"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          },
          "post": {
            "operationId": "importProtocols",
            "summary": "Import polling-station protocols (one transaction: all or nothing)",
            "security": [{"bearer": []}],
            "parameters": [{"$ref": "#/components/parameters/ElectionID"}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ProtocolUpload"}}}},
            "responses": {
              "201": {"description": "Imported", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Import"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "413": {"$ref": "#/components/responses/TooLarge"}
            }
          }
        },
        "/api/v1/seats/allocate": {
          "post": {
            "operationId": "allocateSeats",
            "summary": "What-if list-seat allocation by the election engine",
            "description": "Votes per party list, and optionally another regime (rules.md A0), method, threshold or number of seats. Thresholds are exact percentages given as text. Computes only; writes nothing.",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WhatIf"}}}},
            "responses": {
              "200": {"description": "The allocation", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SeatAllocation"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "413": {"$ref": "#/components/responses/TooLarge"}
            }
          }
        },
        "/api/v1/plans/{id}/check": {
          "get": {
            "operationId": "checkPlan",
            "summary": "Check a stored plan: coverage, one region per district, contiguity, known population",
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {
              "200": {"description": "The checks", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PlanCheck"}}}},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/api/v1/plans": {
          "get": {
            "operationId": "listPlans",
            "summary": "Stored districting plans",
            "responses": {
              "200": {"description": "The plans", "content": {"application/json": {"schema": {
                "type": "object", "required": ["plans"],
                "properties": {"plans": {"type": "array", "items": {"$ref": "#/components/schemas/Plan"}}}}}}}
            }
          },
          "post": {
            "operationId": "savePlan",
            "summary": "Store a districting plan (units to district numbers)",
            "security": [{"bearer": []}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Plan"}}}},
            "responses": {
              "201": {"description": "Stored", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Plan"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "413": {"$ref": "#/components/responses/TooLarge"}
            }
          }
        }
      },
      "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "parameters": {
          "Date": {"name": "date", "in": "query", "description": "A calendar date (YYYY-MM-DD); default: the latest date with constituencies", "schema": {"type": "string", "format": "date"}},
          "ElectionID": {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}, "example": "2023-majilis"}
        },
        "responses": {
          "BadRequest": {"description": "The request is malformed; the message names the field", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "NotFound": {"description": "No such thing", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Unauthorized": {"description": "No or wrong bearer token", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Conflict": {"description": "It exists already; nothing was written", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "TooLarge": {"description": "The body is larger than the server accepts", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        },
        "schemas": {
          "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
          "Health": {"type": "object", "required": ["status", "database", "schemaVersion", "constituencies"], "properties": {
            "status": {"type": "string", "enum": ["ok", "unavailable"]}, "database": {"type": "string", "enum": ["sqlite", "postgres"]},
            "schemaVersion": {"type": "integer"}, "constituencies": {"type": "integer"}}},
          "Names": {"type": "object", "required": ["en"], "properties": {"en": {"type": "string"}, "kk": {"type": "string"}, "ru": {"type": "string"}}},
          "Count": {"type": "object", "required": ["value"], "properties": {"value": {"type": "integer"}, "year": {"type": "integer"}, "date": {"type": "string"}, "source": {"type": "string"}}},
          "Region": {"type": "object", "required": ["code", "isoCode", "name", "kind"], "properties": {
            "code": {"type": "string"}, "isoCode": {"type": "string"}, "katoPrefix": {"type": "string"}, "name": {"$ref": "#/components/schemas/Names"},
            "kind": {"type": "string"}, "administrativeCenter": {"type": "string"}, "population": {"$ref": "#/components/schemas/Count"}}},
          "Unit": {"type": "object", "required": ["code", "regionCode", "name", "kind", "geoCodes"], "properties": {
            "code": {"type": "string"}, "regionCode": {"type": "string"}, "name": {"$ref": "#/components/schemas/Names"}, "kind": {"type": "string"},
            "kato": {"type": "string"}, "population": {"$ref": "#/components/schemas/Count"}, "census2021": {"type": "integer"},
            "geoCodes": {"type": "array", "items": {"type": "string"}}}},
          "UnitShare": {"type": "object", "required": ["unitCode", "isPartial", "isInferred"], "properties": {
            "unitCode": {"type": "string"}, "isPartial": {"type": "boolean"}, "isInferred": {"type": "boolean"},
            "basis": {"type": "string", "enum": ["sourced", "deduced", "inferred"]}}},
          "Member": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "party": {"type": "string"}}},
          "Constituency": {"type": "object", "required": ["id", "number", "composition", "borders", "established"], "properties": {
            "id": {"type": "string"}, "number": {"type": "integer"}, "regionCode": {"type": "string"}, "seat": {"type": "string"},
            "population": {"$ref": "#/components/schemas/Count"}, "electorate": {"$ref": "#/components/schemas/Count"},
            "composition": {"type": "array", "items": {"$ref": "#/components/schemas/UnitShare"}},
            "borders": {"type": "array", "items": {"type": "integer"}}, "member": {"$ref": "#/components/schemas/Member"},
            "established": {"type": "string", "format": "date"}, "abolished": {"type": "string", "format": "date"}}},
          "Candidate": {"type": "object", "required": ["constituency", "candidate", "elected"], "properties": {
            "constituency": {"type": "integer"}, "candidate": {"type": "string"}, "party": {"type": "string"}, "votes": {"type": "integer"},
            "percent": {"type": "string"}, "elected": {"type": "boolean"}}},
          "ConstituencyDetail": {"type": "object", "required": ["date", "constituency", "units", "history", "candidates2023"], "properties": {
            "date": {"type": "string", "format": "date"}, "constituency": {"$ref": "#/components/schemas/Constituency"},
            "region": {"$ref": "#/components/schemas/Region"}, "units": {"type": "array", "items": {"$ref": "#/components/schemas/Unit"}},
            "history": {"type": "array", "items": {"$ref": "#/components/schemas/Constituency"}},
            "candidates2023": {"type": "array", "items": {"$ref": "#/components/schemas/Candidate"}}}},
          "Lookup": {"type": "object", "required": ["date", "units", "constituencies", "ambiguous", "notes"], "properties": {
            "date": {"type": "string", "format": "date"},
            "point": {"type": "object", "required": ["lat", "lon"], "properties": {"lat": {"type": "number"}, "lon": {"type": "number"}}},
            "polygon": {"type": "object", "required": ["geoCode", "name"], "properties": {"geoCode": {"type": "string"}, "name": {"type": "string"}}},
            "units": {"type": "array", "items": {"type": "object", "required": ["code", "name", "regionCode"], "properties": {
              "code": {"type": "string"}, "name": {"type": "string"}, "regionCode": {"type": "string"}}}},
            "constituencies": {"type": "array", "items": {"type": "object", "required": ["id", "number"], "properties": {
              "id": {"type": "string"}, "number": {"type": "integer"}, "regionCode": {"type": "string"}, "seat": {"type": "string"}}}},
            "ambiguous": {"type": "boolean"}, "notes": {"type": "array", "items": {"type": "string"}}}},
          "Election": {"type": "object", "required": ["id", "date", "chamber", "title", "synthetic"], "properties": {
            "id": {"type": "string"}, "date": {"type": "string", "format": "date"}, "chamber": {"type": "string"}, "title": {"type": "string"},
            "listSeats": {"type": "integer"}, "constituencySeats": {"type": "integer"}, "electorate": {"type": "integer"},
            "ballotsCast": {"type": "integer"}, "turnoutPercent": {"type": "string"}, "synthetic": {"type": "boolean"}, "source": {"type": "string"},
            "regime": {"type": "string"}}},
          "ListResult": {"type": "object", "required": ["partyCode", "rowType", "name"], "properties": {
            "partyCode": {"type": "string"}, "rowType": {"type": "string"}, "name": {"$ref": "#/components/schemas/Names"},
            "votes": {"type": "integer"}, "percent": {"type": "string"}, "listSeats": {"type": "integer"},
            "constituencySeats": {"type": "integer"}, "totalSeats": {"type": "integer"}}},
          "ChoiceVotes": {"type": "object", "required": ["choice", "votes"], "properties": {"choice": {"type": "string"}, "votes": {"type": "integer"}}},
          "ProtocolTotals": {"type": "object", "required": ["ballot", "stations", "votes"], "properties": {
            "ballot": {"type": "string", "enum": ["list", "constituency"]}, "constituency": {"type": "integer"}, "stations": {"type": "integer"},
            "electorate": {"type": "integer"}, "ballotsCast": {"type": "integer"}, "invalid": {"type": "integer"},
            "votes": {"type": "array", "items": {"$ref": "#/components/schemas/ChoiceVotes"}}}},
          "Results": {"type": "object", "required": ["election", "listResults", "candidates", "protocols"], "properties": {
            "election": {"$ref": "#/components/schemas/Election"},
            "listResults": {"type": "array", "items": {"$ref": "#/components/schemas/ListResult"}},
            "candidates": {"type": "array", "items": {"$ref": "#/components/schemas/Candidate"}},
            "protocols": {"type": "object", "required": ["list", "constituencies", "synthetic"], "properties": {
              "list": {"$ref": "#/components/schemas/ProtocolTotals"},
              "constituencies": {"type": "array", "items": {"$ref": "#/components/schemas/ProtocolTotals"}},
              "synthetic": {"type": "boolean"}}}}},
          "WhatIf": {"type": "object", "required": ["parties"], "properties": {
            "regime": {"type": ["string", "null"], "enum": ["R1995", "R1999", "R2007", "R2009", "R2022", "R2026", null]},
            "method": {"type": ["string", "null"], "example": "hare"}, "threshold": {"type": ["string", "null"], "example": "5"},
            "seats": {"type": ["integer", "null"], "minimum": 1, "maximum": 1000},
            "parties": {"type": "array", "minItems": 1, "maxItems": 200, "items": {"type": "object", "required": ["code", "votes"], "properties": {
              "code": {"type": "string", "minLength": 1}, "name": {"type": ["string", "null"]}, "votes": {"type": "integer", "minimum": 0, "maximum": 1000000000000},
              "aggregate": {"type": ["boolean", "null"]}}}},
            "againstAll": {"type": ["integer", "null"], "minimum": 0, "maximum": 1000000000000}}},
          "SeatAllocation": {"type": "object", "required": ["regime", "seats", "method", "threshold", "base", "runnerUpGuaranteeApplied", "rows", "tiesBroken", "notes"], "properties": {
            "regime": {"type": "string"}, "seats": {"type": "integer"}, "method": {"type": "string"}, "threshold": {"type": "string"},
            "base": {"type": "integer"}, "runnerUpGuaranteeApplied": {"type": "boolean"},
            "rows": {"type": "array", "items": {"type": "object", "required": ["code", "name", "votes", "passedThreshold", "admittedAsRunnerUp", "seats"], "properties": {
              "code": {"type": "string"}, "name": {"type": "string"}, "votes": {"type": "integer"}, "passedThreshold": {"type": "boolean"},
              "admittedAsRunnerUp": {"type": "boolean"}, "seats": {"type": "integer"}}}},
            "tiesBroken": {"type": "array", "items": {"type": "string"}}, "notes": {"type": "array", "items": {"type": "string"}}}},
          "Seats": {"type": "object", "required": ["election", "basis", "seats"], "properties": {
            "election": {"type": "string"}, "basis": {"type": "string"},
            "computed": {"$ref": "#/components/schemas/SeatAllocation"}, "note": {"type": "string"},
            "seats": {"type": "array", "items": {"type": "object", "required": ["party", "name"], "properties": {
              "party": {"type": "string"}, "name": {"type": "string"}, "listSeats": {"type": "integer"},
              "constituencySeats": {"type": "integer"}, "totalSeats": {"type": "integer"}}}}}},
          "Protocol": {"type": "object", "required": ["station", "ballot", "votes"], "properties": {
            "station": {"type": "string", "minLength": 1, "maxLength": 64}, "ballot": {"type": "string", "enum": ["list", "constituency"]},
            "constituency": {"type": "integer"}, "electorate": {"type": "integer", "minimum": 0},
            "ballotsCast": {"type": "integer", "minimum": 0}, "invalid": {"type": "integer", "minimum": 0},
            "votes": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}}},
          "ProtocolUpload": {"type": "object", "required": ["protocols"], "properties": {
            "source": {"type": "string"}, "synthetic": {"type": "boolean"},
            "protocols": {"type": "array", "items": {"$ref": "#/components/schemas/Protocol"}}}},
          "Import": {"type": "object", "required": ["id", "electionID", "source", "protocols", "synthetic", "importedAt"], "properties": {
            "id": {"type": "integer"}, "electionID": {"type": "string"}, "source": {"type": "string"}, "protocols": {"type": "integer"},
            "synthetic": {"type": "boolean"}, "importedAt": {"type": "string"}}},
          "PlanCheck": {"type": "object", "required": ["plan", "districts", "unassignedUnits", "districtsAcrossRegions", "nonContiguousDistricts", "notes"], "properties": {
            "plan": {"type": "string"},
            "districts": {"type": "array", "items": {"type": "object", "required": ["number", "units", "regions", "pieces", "knownPopulation", "unitsWithoutPopulation"], "properties": {
              "number": {"type": "integer"}, "units": {"type": "integer"}, "regions": {"type": "array", "items": {"type": "string"}},
              "pieces": {"type": "integer"}, "knownPopulation": {"type": "integer"}, "unitsWithoutPopulation": {"type": "integer"}}}},
            "unassignedUnits": {"type": "array", "items": {"type": "string"}},
            "districtsAcrossRegions": {"type": "array", "items": {"type": "integer"}},
            "nonContiguousDistricts": {"type": "array", "items": {"type": "integer"}},
            "notes": {"type": "array", "items": {"type": "string"}}}},
          "Plan": {"type": "object", "required": ["id", "name", "assignments"], "properties": {
            "id": {"type": "string"}, "name": {"type": "string"}, "createdAt": {"type": "string"}, "source": {"type": "string"},
            "assignments": {"type": "object", "additionalProperties": {"type": "integer"}}}}
        }
      }
    }
    """#
}
