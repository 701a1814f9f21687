// What operators rely on: absolute links come from the public URL and never from the Host
// header; /metrics counts requests by route; a backup taken while answers are being saved opens
// and holds every answer acknowledged before it began.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <atomic>
#include <regex>
#include <thread>

#include "core/crypto.hpp"
#include "core/password.hpp"
#include "integration/http_client.hpp"
#include "integration/running_server.hpp"
#include "store/account_repository.hpp"
#include "store/backup.hpp"
#include "store/database.hpp"
#include "store/organization_repository.hpp"

namespace cbe::testing {

namespace {

ServeConfig with_public_url() {
    ServeConfig config = config_for_tests();
    config.public_url = "https://roadmap.example.org";
    return config;
}

// Starts a state-pathway assessment; returns its private path ("/a/TOKEN").
std::string start_assessment(Client& client, const std::string& label) {
    client.get("/assessments/new?audience=state");
    auto made =
        client.post("/assessments", "csrf=" + client.csrf() + "&audience=state&label=" + label);
    std::smatch m;
    std::string location = made.headers["location"];
    EXPECT_TRUE(std::regex_search(location, m, std::regex("^(/a/[A-Za-z0-9_-]{43})/e/")))
        << made.status << " " << location;
    return m[1];
}

}  // namespace

TEST(PublicUrl, InvitationAndPrivateLinksUseItAndNeverTheHostHeader) {
    RunningServer server(with_public_url());
    store::OrganizationRepository orgs(server.database);
    store::AccountRepository accounts(server.database);
    long long org = orgs.create("Portland", "district", 0, "t").value().id;
    auto owner = accounts.create_user(
        "olive@example.org", "Olive",
        crypto::hash_password("correct horse battery", crypto::minimum_cost()).value(), "t");
    ASSERT_TRUE(orgs.set_member(org, owner->id, access::Role::kOwner, "t"));

    Client client(server.port);
    client.set_header("Host", "evil.example");
    client.get("/sign-in");
    client.post("/sign-in", "csrf=" + client.csrf() +
                                "&email=olive%40example.org&password=correct+horse+battery");
    client.get("/orgs/" + std::to_string(org));
    auto made = client.post("/orgs/" + std::to_string(org) + "/invitations",
                            "csrf=" + client.csrf() + "&role=member");
    ASSERT_EQ(made.status, 200);
    EXPECT_TRUE(std::regex_search(
        made.body, std::regex("https://roadmap\\.example\\.org/invitations/[A-Za-z0-9_-]{43}")));
    EXPECT_EQ(made.body.find("evil.example"), std::string::npos);

    std::string path = start_assessment(client, "Links");
    auto overview = client.get(path);
    ASSERT_EQ(overview.status, 200);
    EXPECT_NE(overview.body.find("https://roadmap.example.org" + path), std::string::npos);
    EXPECT_EQ(overview.body.find("evil.example"), std::string::npos);
}

TEST(PublicUrl, WithoutTheSettingLinksUseTheListenAddress) {
    ServeConfig config = config_for_tests();
    config.host = "127.0.0.1";
    config.port = 0;
    RunningServer server(config);
    Client client(server.port);
    client.set_header("Host", "evil.example");
    std::string path = start_assessment(client, "Listen");
    auto overview = client.get(path);
    EXPECT_NE(overview.body.find("http://127.0.0.1:"), std::string::npos);
    EXPECT_EQ(overview.body.find("evil.example"), std::string::npos);
}

TEST(Metrics, CountsRequestsByRoutePatternNotByPath) {
    RunningServer server;
    Client client(server.port);
    std::string path = start_assessment(client, "Counted");
    client.get(path);
    client.get("/elements/no-such-element");
    auto metrics = http_get(server.port, "/metrics");
    ASSERT_EQ(metrics.status, 200);
    EXPECT_EQ(metrics.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_NE(
        metrics.body.find(
            "roadmap_http_requests_total{method=\"GET\",route=\"/a/{token}\",status=\"200\"} 1"),
        std::string::npos)
        << metrics.body;
    // The private link itself is never a label.
    EXPECT_EQ(metrics.body.find(path.substr(3)), std::string::npos);
    EXPECT_NE(metrics.body.find("roadmap_http_request_duration_seconds_count"), std::string::npos);
    EXPECT_NE(metrics.body.find("roadmap_open_connections"), std::string::npos);
    EXPECT_NE(metrics.body.find("roadmap_db_pool_waits_total"), std::string::npos);
    EXPECT_NE(metrics.body.find("roadmap_db_pool_settled_total 0"), std::string::npos);
    EXPECT_NE(metrics.body.find("roadmap_db_pool_replaced_total 0"), std::string::npos);
    EXPECT_NE(metrics.body.find("roadmap_results_cache_hits_total"), std::string::npos);
}

TEST(Backup, TakenWhileAnswersAreSavedHoldsEveryAcknowledgedOne) {
    RunningServer server;
    std::atomic<int> acknowledged{0};
    std::atomic<bool> done{false};
    std::thread writer([&] {
        Client client(server.port);
        while (!done) {
            std::string path = start_assessment(client, "Writer");
            if (!path.empty()) ++acknowledged;
        }
    });
    while (acknowledged < 5) std::this_thread::yield();
    int before = acknowledged;
    auto copy = server.data_dir() / "copy.db";
    auto made =
        store::backup_database(store::database_file(server.data_dir().string()), copy.string());
    int after_backup = acknowledged;
    done = true;
    writer.join();
    ASSERT_TRUE(made) << made.error().message;

    auto db = store::Database::open_sqlite(copy.string(), 1);
    ASSERT_TRUE(db);
    auto lease = (*db)->lease();
    ASSERT_TRUE(lease);
    int rows = 0;
    std::string check;
    lease->session() << "SELECT COUNT(*) FROM assessments", soci::into(rows);
    lease->session() << "PRAGMA integrity_check", soci::into(check);
    EXPECT_EQ(check, "ok");
    EXPECT_GE(rows, before);
    EXPECT_LE(rows, after_backup + 1);  // at most the one in flight when the copy finished
}

}  // namespace cbe::testing
