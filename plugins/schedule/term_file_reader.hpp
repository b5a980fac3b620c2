#pragma once
// Reads and checks one term file (YAML or JSON). Two shapes are accepted for programs, so a
// station's existing semester file moves over unchanged:
//
//   - name: Sunday Brunch              - name: Sunday Brunch
//     djs: [DJ Marmalade]                dj: DJ Marmalade
//     days: [sunday]                     day: Sunday
//     start: "10:00"                     time: "10:00-12:00"
//     end: "12:00"
//
// The file is either {term: {...}, programs: [...]} or just the list of programs (the term is
// then named after the file and has no dates).

#include "term_schedule.hpp"

#include <airbridge/config_section.hpp>

#include <string>
#include <vector>

namespace airbridge::schedule {

/// The term with every slot that could be read; each problem is added to `problems` as
/// FILE:LINE:COL, so one run reports everything (overlaps included).
Term readTermFile(const std::string& path, std::vector<std::string>& problems);

/// Overlapping slots within one term, and terms whose dates overlap: one line per problem.
std::vector<std::string> findConflicts(const std::vector<Term>& terms);

/// Every *.yaml, *.yml and *.json file in `directory`, sorted; throws ConfigError listing every
/// problem of every file.
std::vector<Term> readTermDirectory(const std::string& directory);

}  // namespace airbridge::schedule
