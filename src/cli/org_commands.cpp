#include "cli/org_commands.hpp"

#include <filesystem>
#include <iostream>

#include "access/policy.hpp"
#include "accounts/rules.hpp"
#include "core/clock.hpp"
#include "service/audit.hpp"
#include "service/organization_service.hpp"
#include "store/account_repository.hpp"
#include "store/backup.hpp"
#include "store/migrations.hpp"
#include "store/organization_repository.hpp"
#include "web/messages.hpp"

namespace cbe::cli {

namespace {

struct OrgOptions {
    std::string name;
    std::string kind;
    long long parent = 0;
    long long organization = 0;
    std::string email;
    std::string role;
};
OrgOptions options;

int fail_with(const std::string& message) {
    std::cerr << "roadmap org: " << message << "\n";
    return 1;
}

}  // namespace

CLI::App* add_org_commands(CLI::App& app, ServeConfig& config) {
    auto* org = app.add_subcommand("org", "Add organizations and their members");
    org->require_subcommand(1);
    auto* add = org->add_subcommand("add", "Add an organization; prints its id");
    add->add_option("--name", options.name, "Name")->required();
    add->add_option("--kind", options.kind, "state, district, school or network")
        ->required()
        ->check(CLI::IsMember(std::vector<std::string>(access::kOrganizationKinds.begin(),
                                                       access::kOrganizationKinds.end())));
    add->add_option("--parent", options.parent, "Id of the organization it belongs to");
    auto* member =
        org->add_subcommand("add-member", "Add a user to an organization, or change their role");
    member->add_option("--org", options.organization, "Organization id")->required();
    member->add_option("--email", options.email, "The user's email")->required();
    member->add_option("--role", options.role, "viewer, member, facilitator or owner")
        ->required()
        ->check(CLI::IsMember({"viewer", "member", "facilitator", "owner"}));
    for (auto* command : {add, member}) {
        command->add_option("--data", config.data_dir, "Data folder (env CBE_DATA)");
    }
    return org;
}

int run_org(CLI::App& org_cmd, const ServeConfig& config) {
    auto path = store::database_file(config.data_dir);
    auto db = store::Database::open_sqlite(path, 1);
    if (!db) return fail_with(db.error().message);
    if (auto ok = store::check_schema(**db); !ok) return fail_with(ok.error().message);
    store::OrganizationRepository orgs(*db);
    store::AccountRepository accounts(*db);
    std::string now = iso8601(std::chrono::system_clock::now());
    if (org_cmd.got_subcommand("add")) {
        auto name = service::validate_organization_name(options.name);
        if (!name) return fail_with(web::message_text(name.error()));
        auto made = orgs.create(*name, options.kind, options.parent, now);
        if (!made) return fail_with(made.error().message);
        std::cout << made->id << "\n";
        return 0;
    }
    auto email = accounts::normalize_email(options.email);
    if (!email) return fail_with(email.error().message);
    auto user = accounts.find_user(*email);
    if (!user) return fail_with("no user " + *email);
    if (!orgs.find(options.organization))
        return fail_with("no organization " + std::to_string(options.organization));
    auto role = *access::parse_role(options.role);
    if (auto ok = orgs.set_member(options.organization, user->id, role, now); !ok) {
        return fail_with(ok.error().message);
    }
    service::Auditor(std::make_shared<store::AccountRepository>(*db), system_clock())
        .record(service::AuditEvent::kMembershipSet, user->id,
                "as " + options.role + ", from the command line", "", options.organization);
    std::cout << *email << " is " << options.role << " of organization " << options.organization
              << "\n";
    return 0;
}

}  // namespace cbe::cli
