// Output templates: the fields, "only when present" sections, and escaping for the destination.

#include <airbridge/text_template.hpp>

#include <catch2/catch.hpp>

using namespace airbridge;

namespace {

TemplateFields fields() {
  TrackEvent track;
  track.kind = "song";
  track.title = "Glass \"Harbor\" & Co/2";
  track.artist = "The Lowland Static";
  track.duration_ms = 221480;
  StationInfo station;
  station.name = "KJHK 90.7 FM";
  auto program = std::make_shared<Dispatch>();
  ProgramChange show;
  show.name = "Jazz After Dark";
  show.djs = {"Ana", "Bo"};
  program->payload = show;
  return templateFields(track, station, program.get());
}

}  // namespace

TEST_CASE("text template: fields, and sections only when a field is present", "[core][template]") {
  const TemplateFields values = fields();
  CHECK(values.at("duration") == "3:41");
  CHECK(values.at("duration_s") == "221");
  CHECK(values.count("album") == 0);
  const TextTemplate text("{{artist}} - {{title}}{{#album}} ({{album}}){{/album}} [{{duration}}] "
                          "on {{station}}: {{program}} with {{djs}}",
                          TextEscape::plain);
  CHECK(text.render(values) ==
        "The Lowland Static - Glass \"Harbor\" & Co/2 [3:41] on KJHK 90.7 FM: Jazz After Dark with Ana, Bo");
  CHECK(minutesSeconds(std::nullopt).empty());
  CHECK(minutesSeconds(3'725'000) == "62:05");
}

TEST_CASE("text template: escaped for JSON and for URLs, never for plain text", "[core][template]") {
  const TemplateFields values = fields();
  CHECK(TextTemplate(R"({"song":"{{title}}"})", TextEscape::json).render(values) ==
        R"({"song":"Glass \"Harbor\" & Co/2"})");
  CHECK(TextTemplate("song={{title}}", TextEscape::url).render(values) ==
        "song=Glass%20%22Harbor%22%20%26%20Co%2F2");
  CHECK(TextTemplate("{{{title}}}", TextEscape::url).render(values) == "Glass \"Harbor\" & Co/2");
}

TEST_CASE("text template: a broken template is refused with the reason", "[core][template]") {
  CHECK_THROWS_AS(TextTemplate("{{#title}} unclosed", TextEscape::plain), std::invalid_argument);
  CHECK_THROWS_AS(TextTemplate("{{title", TextEscape::plain), std::invalid_argument);
}
