// The real server, in-process on an ephemeral port, over the bundled content and a fresh,
// migrated SQLite database in a temporary folder.
#pragma once

#include <filesystem>
#include <memory>
#include <thread>

#include "content/model.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "service/housekeeping.hpp"
#include "service/password_hasher.hpp"
#include "store/database.hpp"
#include "web/server.hpp"
#include "web/site.hpp"

namespace cbe::cli {
struct Parts;
}

namespace cbe::testing {

ServeConfig config_for_tests();

class RunningServer {
  public:
    // `hasher`: password hashing with its own limits (tests of the hashing bound); by default
    // the cheapest argon2id settings.
    explicit RunningServer(const ServeConfig& config = config_for_tests(),
                           Clock clock = system_clock(),
                           std::shared_ptr<const service::PasswordHasher> hasher = nullptr);
    ~RunningServer();
    // Stops the server and waits until it has finished.
    void stop();
    // What SIGHUP does in `roadmap serve` (cli::reload_content): the content folder loaded again
    // and a new site swapped in; returns it (null when the content was refused).
    std::shared_ptr<web::Site> reload();

    const std::filesystem::path& data_dir() const { return data_dir_; }

    uint16_t port = 0;
    content::RoadmapPtr roadmap;
    std::shared_ptr<store::Database> database;
    std::shared_ptr<const web::Site> site;  // its router lists every route
    // The server's own housekeeping (its clock and notifier), for tests that run it by hand.
    std::shared_ptr<const service::Housekeeping> housekeeping;

  private:
    ServeConfig config_;
    std::unique_ptr<cli::Parts> parts_;
    std::unique_ptr<web::Server> server_;
    std::thread thread_;
    std::filesystem::path data_dir_;
};

class Client;
// Signs `client` up as <name>@example.org (name: letters only) and leaves it signed in;
// returns the new user's id. The other shared set-up steps are in integration/fixtures.hpp.
long long sign_up(RunningServer& server, Client& client, const std::string& name);

}  // namespace cbe::testing
