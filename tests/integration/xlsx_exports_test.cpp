// The Excel (.xlsx) downloads over HTTP: who may download them (the private link's holder,
// an organization's members; not outsiders), the headers, and what the file holds, read back
// with openpyxl (tests/support/xlsx_reader.hpp). A team session's file carries the group's
// totals and decisions, never one participant's rating or note.
#include <gtest/gtest.h>

#include <cstdlib>
#include <regex>

#include "integration/http_client.hpp"
#include "integration/running_server.hpp"
#include "store/organization_repository.hpp"
#include "support/xlsx_reader.hpp"

namespace cbe::testing {

namespace {

constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

bool on_ci() {
    const char* ci = std::getenv("CI");
    return ci != nullptr && std::string(ci) == "true";
}

#define REQUIRE_OPENPYXL()                                                         \
    do {                                                                           \
        if (!openpyxl_available()) {                                               \
            if (on_ci()) FAIL() << "python3-openpyxl is missing (scripts/lib.sh)"; \
            GTEST_SKIP() << "python3-openpyxl is not installed";                   \
        }                                                                          \
    } while (false)

// Every text cell of the sheet, joined: to look for what must not be there.
std::string all_text(const XlsxSheet& sheet) {
    std::string out;
    for (const auto& row : sheet.rows) {
        for (const auto& cell : row) {
            if (cell.value.is_string()) out += std::string(cell.value.as_string()) + "\n";
        }
    }
    return out;
}

std::string text_at(const XlsxSheet& sheet, size_t row, size_t col) {
    const auto& v = sheet.at(row, col).value;
    return v.is_string() ? std::string(v.as_string()) : "(not text)";
}

class XlsxExports : public ::testing::Test {
  protected:
    void SetUp() override {
        server_ = std::make_unique<RunningServer>();
        store::OrganizationRepository orgs(server_->database);
        org_ = orgs.create("Lincoln County Schools", "district", 0, "t").value().id;
    }

    // Starts a district assessment on `client` and answers its first element; returns the token.
    std::string start_and_answer(Client& client, const std::string& choice,
                                 const std::string& note) {
        client.get("/assessments/new?audience=district");
        auto started = client.post("/assessments",
                                   "csrf=" + client.csrf() + "&audience=district&label=Spring");
        std::smatch m;
        std::string location = started.headers["location"];
        EXPECT_TRUE(std::regex_search(location, m, std::regex("/a/([A-Za-z0-9_-]{43})")));
        std::string token = m[1];
        const auto& first = server_->roadmap->audience("district")->element_ids.front();
        client.get("/a/" + token + "/e/" + first);
        auto saved = client.post("/a/" + token + "/e/" + first,
                                 "csrf=" + client.csrf() + "&choice=" + choice + "&note=" + note);
        EXPECT_EQ(saved.status, 303) << saved.body;
        return token;
    }

    std::unique_ptr<RunningServer> server_;
    long long org_ = 0;
};

TEST_F(XlsxExports, ThePrivateLinksHolderDownloadsTheResults) {
    REQUIRE_OPENPYXL();
    Client anonymous(server_->port);
    std::string token = start_and_answer(anonymous, "developing", "%3D1%2B1+and+more");
    auto page = anonymous.get("/a/" + token + "/results");
    EXPECT_NE(page.body.find("href=\"/a/" + token + "/results.xlsx\""), std::string::npos);

    auto file = anonymous.get("/a/" + token + "/results.xlsx");
    ASSERT_EQ(file.status, 200);
    EXPECT_EQ(file.headers["content-type"], kXlsxType);
    EXPECT_TRUE(std::regex_match(file.headers["content-disposition"],
                                 std::regex("attachment; filename=\"cbe-roadmap-district-"
                                            "\\d{4}-\\d{2}-\\d{2}\\.xlsx\"")))
        << file.headers["content-disposition"];
    EXPECT_EQ(file.headers["cache-control"], "no-store");
    auto sheet = read_xlsx(file.body);
    EXPECT_EQ(text_at(sheet, 0, 0), "Self-assessment results: Spring");
    auto header = sheet.row_starting("Area");
    ASSERT_TRUE(header.has_value());
    const auto& first = server_->roadmap->audience("district")->element_ids.front();
    EXPECT_EQ(text_at(sheet, *header + 1, *sheet.column(*header, "Element ID")), first);
    EXPECT_EQ(text_at(sheet, *header + 1, *sheet.column(*header, "Answer")), "Developing");
    EXPECT_EQ(text_at(sheet, *header + 1, *sheet.column(*header, "Note")), "'=1+1 and more");
    // One row per element of the pathway.
    EXPECT_EQ(sheet.rows.size(),
              *header + 1 + server_->roadmap->audience("district")->element_ids.size());

    // A link that names nothing: 404, like every other page of it.
    EXPECT_EQ(anonymous.get("/a/" + std::string(43, 'A') + "/results.xlsx").status, 404);
}

TEST_F(XlsxExports, MembersDownloadAnOrganizationsResultsOutsidersDoNot) {
    REQUIRE_OPENPYXL();
    Client owner(server_->port), member(server_->port), outsider(server_->port),
        stranger(server_->port);
    store::OrganizationRepository orgs(server_->database);
    ASSERT_TRUE(orgs.set_member(org_, sign_up(*server_, owner, "ow"), access::Role::kOwner, "t"));
    ASSERT_TRUE(orgs.set_member(org_, sign_up(*server_, member, "me"), access::Role::kMember, "t"));
    long long elsewhere = orgs.create("Bangor", "district", 0, "t").value().id;
    ASSERT_TRUE(
        orgs.set_member(elsewhere, sign_up(*server_, outsider, "ou"), access::Role::kOwner, "t"));
    std::string token = start_and_answer(member, "entry", "Our+note");
    member.get("/a/" + token);
    ASSERT_EQ(member
                  .post("/a/" + token + "/move",
                        "csrf=" + member.csrf() + "&organization=" + std::to_string(org_))
                  .status,
              303);
    std::smatch link;
    std::string org_page = owner.get("/orgs/" + std::to_string(org_)).body;
    ASSERT_TRUE(std::regex_search(org_page, link,
                                  std::regex("href=\"(/orgs/[0-9]+/assessments/[0-9]+)\"")));
    std::string path = std::string(link[1]) + "/results.xlsx";
    EXPECT_NE(owner.get(link[1]).body.find("href=\"" + path + "\""), std::string::npos);

    for (Client* allowed : {&owner, &member}) {
        auto file = allowed->get(path);
        ASSERT_EQ(file.status, 200);
        EXPECT_EQ(file.headers["content-type"], kXlsxType);
        auto sheet = read_xlsx(file.body);
        auto organization = sheet.row_starting("Organization");
        ASSERT_TRUE(organization.has_value());
        EXPECT_EQ(text_at(sheet, *organization, 1), "Lincoln County Schools");
        EXPECT_NE(all_text(sheet).find("Our note"), std::string::npos);
    }
    EXPECT_EQ(outsider.get(path).status, 404);
    EXPECT_EQ(stranger.get(path).status, 303);  // not signed in: asked to sign in
}

TEST_F(XlsxExports, ASessionsFileHasTheGroupsTotalsAndNoOnesRating) {
    REQUIRE_OPENPYXL();
    Client facilitator(server_->port), viewer(server_->port), outsider(server_->port);
    store::OrganizationRepository orgs(server_->database);
    ASSERT_TRUE(orgs.set_member(org_, sign_up(*server_, facilitator, "fa"),
                                access::Role::kFacilitator, "t"));
    ASSERT_TRUE(orgs.set_member(org_, sign_up(*server_, viewer, "vi"), access::Role::kViewer, "t"));
    sign_up(*server_, outsider, "ou");
    std::string org_path = "/orgs/" + std::to_string(org_);
    facilitator.get(org_path + "/sessions/new?audience=district");
    auto opened = facilitator.post(org_path + "/sessions",
                                   "csrf=" + facilitator.csrf() +
                                       "&audience=district&title=Board+retreat&school_year=2026-27"
                                       "&element=tech.mastery-tracking");
    ASSERT_EQ(opened.status, 303) << opened.body;
    std::string session = opened.headers["location"];
    std::smatch code;
    std::string board = facilitator.get(session).body;
    ASSERT_TRUE(std::regex_search(board, code, std::regex("join\\?code=(\\d{6})")));
    const std::vector<std::pair<std::string, std::string>> ratings{
        {"developing", "SECRET-NOTE-ONE"}, {"developing", "SECRET-NOTE-TWO"}, {"scaling", ""}};
    std::vector<std::unique_ptr<Client>> people;
    for (size_t i = 0; i < ratings.size(); ++i) {
        people.push_back(std::make_unique<Client>(server_->port));
        Client& p = *people.back();
        p.get("/join");
        auto joined = p.post("/join", "csrf=" + p.csrf() + "&code=" + std::string(code[1]) +
                                          "&display_name=Person" + std::to_string(i));
        std::string mine = joined.headers["location"];
        p.get(mine + "/e/tech.mastery-tracking");
        ASSERT_EQ(p.post(mine + "/e/tech.mastery-tracking", "csrf=" + p.csrf() +
                                                                "&choice=" + ratings[i].first +
                                                                "&note=" + ratings[i].second)
                      .status,
                  303);
    }
    auto act = [&](const std::string& action, const std::string& body) {
        facilitator.get(session);
        return facilitator.post(session + "/" + action, "csrf=" + facilitator.csrf() + body).status;
    };
    ASSERT_EQ(act("reveal", "&element=tech.mastery-tracking"), 303);
    ASSERT_EQ(
        act("decide", "&element=tech.mastery-tracking&stage=developing&rationale=Pilots+only"),
        303);
    ASSERT_EQ(act("close", ""), 303);

    std::string path = session + "/placement.xlsx";
    EXPECT_NE(viewer.get(session + "/placement").body.find("href=\"" + path + "\""),
              std::string::npos);
    EXPECT_EQ(outsider.get(path).status, 404);
    auto file = viewer.get(path);
    ASSERT_EQ(file.status, 200);
    EXPECT_EQ(file.headers["content-type"], kXlsxType);
    EXPECT_NE(file.headers["content-disposition"].find(".xlsx\""), std::string::npos);
    auto sheet = read_xlsx(file.body);
    EXPECT_EQ(text_at(sheet, 0, 0), "Agreed placement: Board retreat");
    auto header = sheet.row_starting("Area");
    ASSERT_TRUE(header.has_value());
    size_t row = *header + 1;
    auto count = [&](const std::string& column) {
        return sheet.at(row, *sheet.column(*header, column)).value.to_number<double>();
    };
    EXPECT_EQ(text_at(sheet, row, *sheet.column(*header, "Agreed stage")), "Developing");
    EXPECT_EQ(text_at(sheet, row, *sheet.column(*header, "Rationale")), "Pilots only");
    EXPECT_EQ(count("Developing"), 2.0);
    EXPECT_EQ(count("Scaling"), 1.0);
    EXPECT_EQ(count("Counted"), 3.0);
    EXPECT_EQ(text_at(sheet, row, *sheet.column(*header, "Median stage")), "Developing");
    // Totals only: no participant's name, note, or rating beside a name.
    std::string text = all_text(sheet);
    EXPECT_EQ(text.find("SECRET-NOTE"), std::string::npos);
    EXPECT_EQ(text.find("Person"), std::string::npos);
    EXPECT_EQ(sheet.rows.size(), row + 1);  // one row per element discussed, nothing more
}

}  // namespace

}  // namespace cbe::testing
