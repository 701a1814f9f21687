#include "cli/demo_seed.hpp"

#include <soci/soci.h>

#include <filesystem>
#include <iostream>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/password.hpp"
#include "store/account_repository.hpp"
#include "store/backup.hpp"
#include "store/migrations.hpp"
#include "store/organization_repository.hpp"

namespace cbe::cli {

namespace {
constexpr const char* kDemoEmail = "demo@example.org";
constexpr const char* kCountUsers = "SELECT COUNT(*) FROM users";
}  // namespace

int seed_demo(const ServeConfig& config) {
    auto path = store::database_file(config.data_dir);
    auto db = store::Database::open_sqlite(path, 1);
    if (!db || !store::check_schema(**db)) {
        std::cerr << "roadmap seed-demo: run `roadmap migrate` first\n";
        return 1;
    }
    int users = 0;
    {
        auto lease = (*db)->lease();
        if (!lease) return 1;
        lease->session() << kCountUsers, soci::into(users);
    }
    if (users > 0) {
        std::cout << "Accounts exist already; no demo data added. The demo account, if it was "
                     "made, is "
                  << kDemoEmail << " (reset its password with `roadmap user set-password`).\n";
        return 0;
    }
    // A random password, shown once: a demo instance must not ship a known one.
    std::string password = crypto::new_token().substr(0, 16);
    auto hash = crypto::hash_password(password, crypto::interactive_cost());
    std::string now = iso8601(std::chrono::system_clock::now());
    store::AccountRepository accounts(*db);
    store::OrganizationRepository orgs(*db);
    auto user = hash ? accounts.create_user(kDemoEmail, "Demo Owner", *hash, now)
                     : Result<store::UserRecord>(tl::unexpected(hash.error()));
    auto state = orgs.create("Demo State Department of Education", "state", 0, now);
    auto district = state ? orgs.create("Demo District", "district", state->id, now) : state;
    if (!user || !state || !district ||
        !orgs.set_member(district->id, user->id, access::Role::kOwner, now) ||
        !orgs.set_member(state->id, user->id, access::Role::kViewer, now)) {
        std::cerr << "roadmap seed-demo: could not add the demo data\n";
        return 1;
    }
    std::cout << "Demo data added. Sign in as " << kDemoEmail << " with the password " << password
              << " (shown only now). It owns \"Demo District\".\n";
    return 0;
}

}  // namespace cbe::cli
