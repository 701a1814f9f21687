// One mapping from error codes to statuses, and one message table: every code has a status and
// words, every audit event has words, plurals follow the number, unknown keys never leak.
#include "web/messages.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "service/audit.hpp"
#include "web/http.hpp"

namespace cbe::web {

TEST(ErrorMapping, EveryCodeHasItsStatusAndWords) {
    const std::pair<ErrorCode, int> expected[] = {
        {ErrorCode::kInvalidInput, 400}, {ErrorCode::kNotFound, 404},
        {ErrorCode::kConflict, 409},     {ErrorCode::kUnauthorized, 401},
        {ErrorCode::kForbidden, 403},    {ErrorCode::kTooLarge, 413},
        {ErrorCode::kRateLimited, 429},  {ErrorCode::kUnavailable, 503},
        {ErrorCode::kInternal, 500}};
    for (const auto& [code, status] : expected) {
        EXPECT_EQ(status_for(code), status);
        Error error(code, "no.such.key");
        EXPECT_FALSE(message_text(error).empty()) << status;
        EXPECT_EQ(message_text(error).find("no.such.key"), std::string::npos);
        EXPECT_FALSE(error_title(error).empty());
    }
}

TEST(Messages, NumbersAndPlurals) {
    EXPECT_EQ(message_text("rate.wait", 1), "Too many attempts. Wait 1 second, then try again.");
    EXPECT_EQ(message_text("rate.wait", 30), "Too many attempts. Wait 30 seconds, then try again.");
    EXPECT_EQ(message_text(Error(ErrorCode::kRateLimited, "rate.wait", 2)),
              "Too many attempts. Wait 2 seconds, then try again.");
}

namespace {

// How many enumerators `enum class AuditEvent` lists in src/service/audit.hpp: an event added
// there without a row in the name table is in no list the code can give, so the source is read.
size_t audit_events_declared() {
    std::ifstream header(std::string(CBE_SOURCE_DIR) + "/src/service/audit.hpp");
    std::string line;
    while (std::getline(header, line) && line != "enum class AuditEvent {") {
    }
    size_t declared = 0;
    static const std::regex kEnumerator(R"(\s*k[A-Za-z0-9]+,?\s*(//.*)?)");
    while (std::getline(header, line) && line != "};") {
        declared += std::regex_match(line, kEnumerator) ? 1 : 0;
    }
    return declared;
}

}  // namespace

// Every event, however many are added: each has a stored name that reads back and words on the
// audit page, and the list holds each enumerator once, in order.
TEST(Messages, EveryAuditEventHasWords) {
    auto events = service::every_audit_event();
    EXPECT_EQ(events.size(), audit_events_declared());
    ASSERT_FALSE(events.empty());
    for (size_t i = 0; i < events.size(); ++i) {
        auto event = events[i];
        EXPECT_EQ(static_cast<size_t>(event), i);
        std::string name(service::audit_event_name(event));
        EXPECT_NE(name, "unknown");
        EXPECT_EQ(service::parse_audit_event(name), event);
        EXPECT_FALSE(message_text("audit." + name).empty()) << name;
    }
}

TEST(Messages, NamedParametersAndParagraphs) {
    Message answered{"results.summary.answered", 1, {{"answered", "2"}, {"total", "18"}}};
    EXPECT_EQ(message_text(answered),
              "You answered 2 of 18 elements and placed 1 of them on the roadmap.");
    Message area{"results.summary.area", 3, {{"area", "Technology"}, {"stage", "Scaling"}}};
    EXPECT_EQ(message_text(area), "Technology: typically Scaling (3 placed).");
    EXPECT_EQ(message_text(Message{"results.summary.not-sure", 1, {}}),
              "1 answer was \"not sure\": a conversation to have.");
    EXPECT_EQ(message_text(Message{"results.summary.not-sure", 4, {}}),
              "4 answers were \"not sure\": conversations to have.");
    // A value that looks like a placeholder is inserted as given, not expanded again.
    Message odd{"results.summary.typical", 0, {{"stage", "{stage}"}}};
    EXPECT_EQ(message_text(odd), "Across those, the typical stage is {stage}.");
    EXPECT_EQ(message_paragraph({area, Message{"no.such.key", 0, {}}, odd}),
              "Technology: typically Scaling (3 placed). Across those, the typical stage is "
              "{stage}.");
}

TEST(Messages, EveryNoticeHasWords) {
    for (const char* notice : {"role", "removed", "deleted", "revoked"}) {
        EXPECT_FALSE(message_text("notice." + std::string(notice)).empty()) << notice;
    }
}

TEST(Messages, EveryErrorPageAndPlainAnswerHasWords) {
    for (const char* key :
         {"page.not-found", "page.method-not-allowed", "form.expired", "search.kind-unknown",
          "pathway.unknown", "invitation.gone", "metrics.refused"}) {
        EXPECT_FALSE(message_text(key).empty()) << key;
        EXPECT_FALSE(message_text(std::string(key) + ".title").empty()) << key;
    }
    for (const char* key :
         {"http.header-too-large", "http.body-too-large", "http.bad-request", "http.bad-target",
          "http.one-host", "http.internal", "http.streams-full", "form.expired-short"}) {
        EXPECT_FALSE(message_text(key).empty()) << key;
    }
    // An error from parsing a form carries its own title; any other code has a title too.
    EXPECT_EQ(error_title(Error{ErrorCode::kInvalidInput, "form.too-many-fields"}),
              "We could not read the form");
    EXPECT_EQ(message_text(Error{ErrorCode::kInvalidInput, "filters.text-too-long", 200}),
              "The search text is longer than 200 characters.");
    EXPECT_EQ(error_title(Error{ErrorCode::kRateLimited, "no.such.key"}), "Too many attempts");
}

}  // namespace cbe::web
