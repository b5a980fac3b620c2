#include "term_file_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace airbridge::schedule {
namespace {

using namespace std::chrono;

constexpr const char* kDays[] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::optional<unsigned> parseWeekday(const std::string& text) {
  const std::string day = lower(text);
  for (unsigned i = 0; i < 7; ++i) {
    const std::string_view name = kDays[i];
    if (day == name || (day.size() >= 3 && name.starts_with(day))) return i;  // "mon", "tues"
  }
  return std::nullopt;
}

/// "HH:MM" or "HH:MM:SS" (hours may be one digit), 00:00 to 24:00.
std::optional<seconds> parseTimeOfDay(std::string text) {
  const auto first = text.find_first_not_of(' ');
  if (first == std::string::npos) return std::nullopt;
  text = text.substr(first, text.find_last_not_of(' ') - first + 1);
  std::vector<std::string> parts;
  for (std::size_t from = 0;;) {
    const auto colon = text.find(':', from);
    parts.push_back(text.substr(from, colon - from));
    if (colon == std::string::npos) break;
    from = colon + 1;
  }
  if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
  unsigned values[3] = {0, 0, 0};
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& part = parts[i];
    const bool sized = i == 0 ? (part.size() == 1 || part.size() == 2) : part.size() == 2;
    if (!sized || part.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    values[i] = static_cast<unsigned>(std::stoul(part));
  }
  const auto [h, m, s] = values;
  if (m > 59 || s > 59 || h > 24 || (h == 24 && (m || s))) return std::nullopt;
  return hours{h} + minutes{m} + seconds{s};
}

std::optional<year_month_day> parseDate(const std::string& text) {
  int y = 0;
  unsigned m = 0, d = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &extra) != 3 || text.size() != 10) {
    return std::nullopt;
  }
  const year_month_day date{year{y}, month{m}, day{d}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string formatDate(const year_month_day& date) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

/// Why `id` cannot name a term (it is part of /v1/schedule/ID), or empty when it can.
std::string termIdProblem(const std::string& id) {
  if (id.empty() || id.find_first_of("/ ?#%") != std::string::npos) {
    return fmt::format("'{}' cannot be a term id (it goes in /v1/schedule/ID): use letters, digits "
                       "and '-'", id);
  }
  // /v1/schedule/now and /v1/schedule/terms are routes of their own.
  if (id == "now" || id == "terms") {
    return fmt::format("'{}' is reserved (/v1/schedule/{} is a route of its own)", id, id);
  }
  return {};
}

/// Reads `term:`; true when it names the term's id itself.
bool readTermHeader(const ConfigSection& header, Term& term) {
  const bool namesId = header.has("id");
  if (namesId) {
    term.id = header.optional<std::string>("id", term.id);
    if (auto problem = termIdProblem(term.id); !problem.empty()) {
      header.fail("id", problem + "; name the term after its semester, like 2026-fall");
    }
  }
  term.name = header.optional<std::string>("name", term.id);
  for (const char* key : {"starts", "ends"}) {
    if (!header.has(key)) continue;
    const auto text = header.optional<std::string>(key, "");
    const auto date = parseDate(text);
    if (!date) {
      header.fail(key, fmt::format("'{}' is not a date; write YYYY-MM-DD", text));
    } else {
      (std::string_view(key) == "starts" ? term.starts : term.ends) = date;
    }
  }
  if (term.starts && term.ends && sys_days{*term.ends} < sys_days{*term.starts}) {
    header.fail("ends", fmt::format("{} is before the term starts ({})", formatDate(*term.ends),
                                    formatDate(*term.starts)));
  }
  return namesId;
}

/// Reads one program entry (either shape) into one slot per day.
void readProgram(const ConfigSection& entry, Term& term) {
  Slot slot;
  slot.name = entry.required<std::string>("name");
  slot.description = entry.optional<std::string>("description", "");
  slot.position = entry.position();
  if (entry.has("djs")) slot.djs = entry.optional<std::vector<std::string>>("djs", {});
  if (entry.has("dj")) slot.djs.push_back(entry.optional<std::string>("dj", ""));

  std::vector<std::string> dayNames;
  if (entry.has("days")) dayNames = entry.optional<std::vector<std::string>>("days", {});
  if (entry.has("day")) dayNames.push_back(entry.optional<std::string>("day", ""));
  if (dayNames.empty()) entry.failHere("a program needs days: [monday, ...] or day: Monday");
  std::vector<unsigned> days;
  for (const auto& name : dayNames) {
    if (auto day = parseWeekday(name)) {
      days.push_back(*day);
    } else {
      entry.fail(entry.has("days") ? "days" : "day",
                 fmt::format("'{}' is not a day of the week; use monday ... sunday", name));
    }
  }

  std::string startText, endText;
  const char* startKey = "start";
  const char* endKey = "end";
  if (entry.has("time")) {
    const auto range = entry.optional<std::string>("time", "");
    const auto dash = range.find('-');
    if (dash == std::string::npos) {
      entry.fail("time", fmt::format("'{}' is not a time range; write \"14:00-16:00\"", range));
      return;
    }
    startText = range.substr(0, dash);
    endText = range.substr(dash + 1);
    startKey = endKey = "time";
  } else {
    startText = entry.required<std::string>("start");
    endText = entry.required<std::string>("end");
  }
  const auto start = parseTimeOfDay(startText);
  const auto end = parseTimeOfDay(endText);
  if (!start && !startText.empty()) {
    entry.fail(startKey, fmt::format("'{}' is not a time of day; write HH:MM (24-hour)", startText));
  }
  if (!end && !endText.empty()) {
    entry.fail(endKey, fmt::format("'{}' is not a time of day; write HH:MM (24-hour)", endText));
  }
  if (!start || !end) return;
  if (*start == *end || (*start == hours{24})) {
    entry.fail(endKey, fmt::format("{}-{} is empty; a show that runs past midnight ends the next "
                                   "day, e.g. 22:00-02:00", startText, endText));
    return;
  }
  slot.start = *start;
  slot.end = *end;
  for (unsigned day : days) {
    slot.weekday = day;
    term.slots.push_back(slot);
  }
}

/// Minutes of the week [begin, end) a slot covers; a slot crossing Saturday midnight wraps.
std::pair<long, long> weekRange(const Slot& slot) {
  const long begin = static_cast<long>(slot.weekday) * 86'400 + slot.start.count();
  return {begin, begin + slot.length().count()};
}

bool overlaps(const Slot& a, const Slot& b) {
  constexpr long kWeek = 7 * 86'400;
  const auto [a0, a1] = weekRange(a);
  const auto [b0, b1] = weekRange(b);
  for (long shift : {-kWeek, 0L, kWeek}) {
    if (a0 < b1 + shift && b0 + shift < a1) return true;
  }
  return false;
}

}  // namespace

const char* weekdayName(unsigned weekday) { return kDays[weekday % 7]; }

std::string formatTimeOfDay(seconds time) {
  const auto h = duration_cast<hours>(time);
  const auto m = duration_cast<minutes>(time - h);
  const auto s = time - h - m;
  return s.count() ? fmt::format("{:02}:{:02}:{:02}", h.count(), m.count(), s.count())
                   : fmt::format("{:02}:{:02}", h.count(), m.count());
}

Term readTermFile(const std::string& path, std::vector<std::string>& problems) {
  Term term;
  std::optional<ConfigSection> parsed;
  try {
    parsed = ConfigSection::fromFile(path, std::filesystem::path(path).filename().string());
  } catch (const ConfigError& e) {
    problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    return term;
  }
  const ConfigSection& root = *parsed;
  term.file = path;
  term.id = std::filesystem::path(path).stem().string();
  term.name = term.id;
  bool idInFile = false;
  if (root.isList()) {
    for (const auto& entry : root.items()) readProgram(entry, term);
  } else {
    if (root.has("term")) idInFile = readTermHeader(root.child("term"), term);
    for (const auto& entry : root.list("programs")) readProgram(entry, term);
    if (!root.has("programs")) root.failHere("no programs: list; see config/schedule/ for an example");
  }
  if (!idInFile) {
    if (auto problem = termIdProblem(term.id); !problem.empty()) {
      root.failHere(fmt::format("the file name gives the term id: {}; rename the file (like "
                                "2026-fall.yaml) or set term: {{id: ...}}", problem));
    }
  }
  try {
    root.finish();
  } catch (const ConfigError& e) {
    problems.insert(problems.end(), e.problems().begin(), e.problems().end());
  }
  return term;
}

std::vector<std::string> findConflicts(const std::vector<Term>& terms) {
  std::vector<std::string> problems;
  for (const auto& term : terms) {
    for (std::size_t i = 0; i < term.slots.size(); ++i) {
      for (std::size_t j = i + 1; j < term.slots.size(); ++j) {
        const Slot& a = term.slots[i];
        const Slot& b = term.slots[j];
        if (!overlaps(a, b)) continue;
        problems.push_back(fmt::format(
            "{}: {}: '{}' ({} {}-{}) overlaps '{}' ({} {}-{}, at {}); move one of them", b.position,
            term.id, b.name, weekdayName(b.weekday), formatTimeOfDay(b.start), formatTimeOfDay(b.end),
            a.name, weekdayName(a.weekday), formatTimeOfDay(a.start), formatTimeOfDay(a.end), a.position));
      }
    }
  }
  for (std::size_t i = 0; i < terms.size(); ++i) {
    for (std::size_t j = i + 1; j < terms.size(); ++j) {
      const Term& a = terms[i];
      const Term& b = terms[j];
      if (a.id == b.id) {
        problems.push_back(fmt::format("{}: term id '{}' is also used by {}; give each term its own id",
                                       b.file, b.id, a.file));
        continue;
      }
      if (!a.dated() || !b.dated()) continue;
      const auto aStart = a.starts ? sys_days{*a.starts} : sys_days::min();
      const auto aEnd = a.ends ? sys_days{*a.ends} : sys_days::max();
      const auto bStart = b.starts ? sys_days{*b.starts} : sys_days::min();
      const auto bEnd = b.ends ? sys_days{*b.ends} : sys_days::max();
      if (aStart <= bEnd && bStart <= aEnd) {
        problems.push_back(fmt::format("{}: term '{}' overlaps term '{}' ({}); their dates must not "
                                       "share a day", b.file, b.id, a.id, a.file));
      }
    }
  }
  return problems;
}

std::vector<Term> readTermDirectory(const std::string& directory) {
  std::vector<std::string> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    const auto extension = entry.path().extension();
    if (entry.is_regular_file() && (extension == ".yaml" || extension == ".yml" || extension == ".json")) {
      files.push_back(entry.path().string());
    }
  }
  if (error) throw ConfigError({fmt::format("{}: cannot list the schedule directory ({})", directory, error.message())});
  std::sort(files.begin(), files.end());
  std::vector<Term> terms;
  std::vector<std::string> problems;
  for (const auto& file : files) terms.push_back(readTermFile(file, problems));
  const auto conflicts = findConflicts(terms);
  problems.insert(problems.end(), conflicts.begin(), conflicts.end());
  if (!problems.empty()) throw ConfigError(std::move(problems));
  return terms;
}

}  // namespace airbridge::schedule
