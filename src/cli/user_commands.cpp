#include "cli/user_commands.hpp"

#include <termios.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "accounts/rules.hpp"
#include "core/clock.hpp"
#include "core/password.hpp"
#include "service/audit.hpp"
#include "store/account_repository.hpp"
#include "store/backup.hpp"
#include "store/migrations.hpp"
#include "web/messages.hpp"

namespace cbe::cli {

namespace {

struct UserOptions {
    std::string email;
    std::string name;
};
UserOptions options;

// One line from standard input; without echo when it is a terminal. Never from argv, where
// other users of the machine could read it.
std::string read_password(const std::string& prompt) {
    bool tty = isatty(STDIN_FILENO) != 0;
    termios saved{};
    if (tty) {
        std::cerr << prompt << std::flush;
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    std::getline(std::cin, line);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::cerr << "\n";
    }
    return line;
}

Result<std::shared_ptr<store::Database>> open(const ServeConfig& config) {
    auto path = store::database_file(config.data_dir);
    auto db = store::Database::open_sqlite(path, 1);
    if (!db) return db;
    if (auto ok = store::check_schema(**db); !ok) return tl::unexpected(ok.error());
    return db;
}

int fail_with(const std::string& message) {
    std::cerr << "roadmap user: " << message << "\n";
    return 1;
}

}  // namespace

CLI::App* add_user_commands(CLI::App& app, ServeConfig& config) {
    auto* user = app.add_subcommand("user", "Add users, set passwords, disable accounts");
    user->require_subcommand(1);
    auto* add = user->add_subcommand("add", "Add a user; the password is read from standard input");
    add->add_option("--email", options.email, "Email address")->required();
    add->add_option("--name", options.name, "Name")->required();
    auto* set =
        user->add_subcommand("set-password", "Set a user's password (read from standard input)");
    set->add_option("--email", options.email, "Email address")->required();
    auto* disable = user->add_subcommand(
        "disable", "Disable an account: end its sessions and revoke the links it gave out");
    disable->add_option("--email", options.email, "Email address")->required();
    for (auto* command : {add, set, disable}) {
        command->add_option("--data", config.data_dir, "Data folder (env CBE_DATA)");
    }
    return user;
}

int run_user(CLI::App& user_cmd, const ServeConfig& config) {
    auto db = open(config);
    if (!db) return fail_with(db.error().message);
    store::AccountRepository accounts(*db);
    auto email = accounts::normalize_email(options.email);
    if (!email) return fail_with(web::message_text(email.error()));
    std::string now = iso8601(std::chrono::system_clock::now());
    service::Auditor auditor(std::make_shared<store::AccountRepository>(*db), system_clock());
    auto audit = [&](service::AuditEvent event, long long id, const std::string& more = {}) {
        auditor.record(event, id, "from the command line" + (more.empty() ? "" : "; " + more), "");
    };

    if (user_cmd.got_subcommand("disable")) {
        auto user = accounts.find_user(*email);
        if (!user) return fail_with("no user " + *email);
        // A disabled account reaches nothing any more: its sessions and reset links end, and
        // the invitation and share links it gave out stop working (docs/security.md).
        auto revoked = accounts.disable_user(user->id, now);
        if (!revoked) return fail_with("could not disable " + *email);
        std::string detail = service::revoked_links_detail(*revoked);
        audit(service::AuditEvent::kUserDisabled, user->id, detail);
        std::cout << "disabled " << *email << (detail.empty() ? "" : "; " + detail) << "\n";
        return 0;
    }
    std::string password = read_password("Password: ");
    if (auto ok = accounts::validate_password(password, *email); !ok)
        return fail_with(web::message_text(ok.error()));
    auto hash = crypto::hash_password(password, crypto::interactive_cost());
    if (!hash) return fail_with(hash.error().message);
    if (user_cmd.got_subcommand("add")) {
        auto name = accounts::validate_name(options.name);
        if (!name) return fail_with(web::message_text(name.error()));
        auto user = accounts.create_user(*email, *name, *hash, now);
        if (!user) return fail_with(user.error().message);
        audit(service::AuditEvent::kUserAdded, user->id);
        std::cout << "added " << *email << "\n";
        return 0;
    }
    auto user = accounts.find_user(*email);
    if (!user) return fail_with("no user " + *email);
    if (!accounts.set_password(user->id, *hash) || !accounts.delete_sessions_of(user->id)) {
        return fail_with("could not set the password");
    }
    audit(service::AuditEvent::kPasswordSet, user->id);
    std::cout << "password set for " << *email << "\n";
    return 0;
}

}  // namespace cbe::cli
