// The roadmap content as an immutable, versioned model (built once by the loader, then shared).
#pragma once

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cbe::content {

inline constexpr size_t kStageCount = 4;
inline constexpr std::array<std::string_view, kStageCount> kStageIds{"entry", "developing",
                                                                     "scaling", "transforming"};
inline constexpr std::array<std::string_view, 3> kAreaIds{"technology", "policy", "conditions"};
inline constexpr std::array<std::string_view, 3> kAudienceIds{"district", "state", "technology"};
inline constexpr std::array<std::string_view, 7> kResourceTypes{
    "report", "toolkit", "standard", "policy", "guide", "video", "dataset"};
inline constexpr std::array<std::string_view, 4> kExampleKinds{"state", "district", "school",
                                                               "network"};
// Whether an example's or resource's sources are the document itself (a law, a plan, the
// publisher's own page) or someone else's account of it (docs/editorial.md).
inline constexpr std::array<std::string_view, 2> kSourceKinds{"primary", "secondary"};
// Every `accessed` date falls in this year: the content is current as of it. Raising it is
// the editorial step of re-checking every source (docs/editorial.md).
inline constexpr int kAccessedYear = 2026;

// Index of a stage id in kStageIds, or nullopt.
std::optional<size_t> stage_index(std::string_view id);

struct Stage {
    std::string id;
    std::string name;
    std::string summary_html;
};

struct Area {
    std::string id;
    std::string name;
    std::string purpose;
    std::string summary_html;
    std::vector<std::string> element_ids;  // in display order
};

struct StageText {
    std::string mini;
    std::string descriptor_html;
    std::vector<std::string> indicators;
};

struct Element {
    std::string id;
    std::string area;
    std::string name;
    std::string why;
    std::array<StageText, kStageCount> stages;
    // moves[i]: what takes a system from stage i to stage i + 1.
    std::array<std::vector<std::string>, kStageCount - 1> moves;
    std::map<std::string, std::vector<std::string>> questions;  // audience id -> questions
};

struct Audience {
    std::string id;
    std::string name;
    std::string who;
    std::string framing_html;
    std::vector<std::string> element_ids;  // the pathway, in order
};

struct Link {
    std::string title;
    std::string url;
};

struct Illustration {
    std::string element_id;
    std::vector<std::string> stage_ids;
};

struct Example {
    std::string id;
    std::string name;
    std::string kind;
    std::string place;
    std::string years;
    std::string summary_html;
    std::vector<Illustration> illustrates;
    std::vector<Link> sources;
    std::string accessed;     // ISO date the sources were last checked, e.g. 2026-03-15
    std::string source_kind;  // primary | secondary
};

struct Resource {
    std::string id;
    std::string title;
    std::string publisher;
    int year = 0;
    std::string type;
    std::string summary_html;
    std::string summary_text;  // plain text, for search
    std::string url;
    std::vector<std::string> element_ids;
    std::vector<std::string> stage_ids;
    std::vector<std::string> audience_ids;
    std::string accessed;     // ISO date the URL was last checked
    std::string source_kind;  // primary | secondary
};

struct Collection {
    std::string id;
    std::string name;
    std::string description_html;
    std::vector<std::string> resource_ids;
};

struct GlossaryTerm {
    std::string id;
    std::string term;
    std::vector<std::string> aliases;
    std::string definition_html;
};

struct AgendaItem {
    int minutes = 0;
    std::string activity;
    std::string notes;
};

inline constexpr std::array<std::string_view, 2> kAgendaCovers{"chosen", "pathway"};
// A session of at most this many minutes covers at most kShortSessionMaxElements elements.
inline constexpr int kShortSessionMinutes = 90;
inline constexpr int kShortSessionMaxElements = 8;

struct Agenda {
    std::string id;
    std::string name;
    int duration_minutes = 0;  // the stated length; the items' minutes add up to it
    std::string covers;    // "chosen": up to elements_max chosen elements; "pathway": a whole one
    int elements_max = 0;  // for "chosen"; 0 for "pathway"
    std::vector<AgendaItem> items;
};

struct Role {
    std::string name;
    std::string description;
};

struct Script {
    std::string id;
    std::string title;
    std::string body_html;
};

struct FacilitatorGuide {
    std::string purpose_html;
    std::string invite_html;
    std::vector<Role> roles;
    std::vector<std::string> materials;
    std::vector<Agenda> agendas;
    std::vector<Script> scripts;
    std::vector<std::string> norms;
    std::string follow_up_html;
};

struct Roadmap {
    std::string version;
    std::string title;
    std::string fingerprint;  // hash of every content file's bytes: changes with any edit
    std::map<std::string, std::string> files;  // the source files, kept for snapshots
    std::vector<Stage> stages;
    std::vector<Area> areas;
    std::vector<Element> elements;
    std::vector<Audience> audiences;
    std::vector<Example> examples;
    std::vector<Resource> resources;
    std::vector<Collection> collections;
    std::vector<GlossaryTerm> glossary;
    FacilitatorGuide guide;

    const Element* element(std::string_view id) const;
    const Area* area(std::string_view id) const;
    const Audience* audience(std::string_view id) const;
    const Example* example(std::string_view id) const;
    const Resource* resource(std::string_view id) const;
    const GlossaryTerm* term(std::string_view id) const;

    // Fills the id indexes; the loader calls it once the vectors are final.
    void build_indexes();

  private:
    std::unordered_map<std::string, size_t> element_index_, area_index_, audience_index_,
        example_index_, resource_index_, term_index_;
};

using RoadmapPtr = std::shared_ptr<const Roadmap>;

}  // namespace cbe::content
