#include "integration/every_post_route.hpp"

#include <soci/soci.h>

#include <regex>
#include <stdexcept>

#include "core/crypto.hpp"
#include "store/account_repository.hpp"
#include "store/organization_repository.hpp"
#include "store/plan_repository.hpp"
#include "store/team_session_repository.hpp"
#include "web/router.hpp"
#include "web/site.hpp"

namespace cbe::testing {

namespace {
void must(const Result<void>& done) {
    if (!done) throw std::runtime_error(done.error().message);
}
}  // namespace

EveryPostRoute::EveryPostRoute() {
    long long ada_id = sign_up(server, ada, "ada");
    ada.get("/assessments/new?audience=state");
    auto started = ada.post("/assessments", "csrf=" + ada.csrf() + "&audience=state");
    std::smatch m;
    std::string location = started.headers["location"];
    if (!std::regex_search(location, m, std::regex("/a/([A-Za-z0-9_-]{43})/e/(.+)$"))) {
        throw std::runtime_error("could not start an assessment: " + location);
    }
    store::OrganizationRepository orgs(server.database);
    organization = orgs.create("Portland", "district", 0, "t").value().id;
    bob = store::AccountRepository(server.database)
              .create_user("bob@example.org", "Bob", "x", "t")
              .value()
              .id;
    must(orgs.set_member(organization, ada_id, access::Role::kOwner, "t"));
    must(orgs.set_member(organization, bob, access::Role::kMember, "t"));
    long long assessment = 0;
    {
        auto lease = server.database->lease().value();
        lease.session() << "SELECT MAX(id) FROM assessments", soci::into(assessment);
    }
    must(orgs.adopt_assessment(organization, assessment));
    std::string invitation = crypto::new_token();
    auto link = orgs.create_invitation(crypto::token_hash(invitation), organization,
                                       access::Role::kOwner, 0, "t", "2099-01-01T00:00:00Z");
    if (!link) throw std::runtime_error(link.error().message);
    // A team session of the organization, with a participant who joined it.
    store::TeamSessionRepository sessions(server.database);
    const auto* pathway = server.roadmap->audience("state");
    auto session = sessions.create({organization, ada_id, "Retreat", "2026-27", "state",
                                    server.roadmap->version, "123456", pathway->element_ids},
                                   "t");
    if (!session) throw std::runtime_error(session.error().message);
    std::string participant = crypto::new_token();
    if (!sessions.join(session->id, crypto::token_hash(participant), "", 500, "t")) {
        throw std::runtime_error("could not join the session");
    }
    // An action in the assessment's plan, to change or delete.
    store::ActionFields fields;
    fields.element_id = pathway->element_ids.front();
    fields.description = "Brief the board";
    auto action =
        store::PlanRepository(server.database).add_action({assessment, 0}, fields, 60, "t");
    if (!action) throw std::runtime_error(action.error().message);
    values_ = {{"{token}", m[1]},
               {"{action}", std::to_string(*action)},
               {"{share}", "1"},
               {"{session}", std::to_string(session->id)},
               {"{participant}", participant},
               {"{element}", m[2]},
               {"{id}", std::to_string(organization)},
               {"{user}", std::to_string(bob)},
               {"{assessment}", std::to_string(assessment)},
               {"{invitation}", invitation},
               {"{reset}", crypto::new_token()},
               {"{link}", std::to_string(*link)}};
}

std::vector<PostRoute> EveryPostRoute::routes() const {
    std::vector<PostRoute> out;
    for (const auto& [method, pattern] : server.site->router().routes()) {
        if (method != web::Method::kPost) continue;
        std::string target = pattern;
        for (const auto& [param, value] : values_) {
            auto at = target.find(param);
            if (at != std::string::npos) target.replace(at, param.size(), value);
        }
        if (target.find('{') != std::string::npos) {
            throw std::runtime_error("no test value for a parameter of " + pattern);
        }
        out.push_back({pattern, target});
    }
    return out;
}

std::map<std::string, int> EveryPostRoute::state() const {
    std::map<std::string, int> out;
    auto lease = server.database->lease().value();
    for (const char* table :
         {"assessments", "answers", "users", "sessions", "audit_log", "memberships", "invitations",
          "organizations", "password_resets", "team_sessions", "team_participants", "team_ratings",
          "team_session_elements", "action_plans", "plan_priorities", "plan_actions",
          "share_links"}) {
        int n = 0;
        lease.session() << std::string("SELECT COUNT(*) FROM ") + table, soci::into(n);
        out[table] = n;
    }
    std::string stamp;
    lease.session()
        << "SELECT COALESCE(MAX(updated_at), '') || ':' || COALESCE(SUM(revision), 0) "
           "|| ':' || COALESCE(GROUP_CONCAT(label || COALESCE(organization_id, 0) || link_access), "
           "'') "
           "FROM assessments",
        soci::into(stamp);
    out["assessments " + stamp] = 1;
    lease.session() << "SELECT COALESCE(GROUP_CONCAT(user_id || role), '') FROM memberships",
        soci::into(stamp);
    out["roles " + stamp] = 1;
    lease.session() << "SELECT COALESCE(GROUP_CONCAT(name || password_hash), '') FROM users",
        soci::into(stamp);
    out["users " + stamp] = 1;
    lease.session() << "SELECT COALESCE(GROUP_CONCAT(version || state || joining_open), '') "
                       "FROM team_sessions",
        soci::into(stamp);
    out["team sessions " + stamp] = 1;
    lease.session() << "SELECT COALESCE(GROUP_CONCAT(version || updated_at), '') FROM action_plans",
        soci::into(stamp);
    out["plans " + stamp] = 1;
    lease.session() << "SELECT COALESCE(GROUP_CONCAT(description || status || updated_at), '') "
                       "FROM plan_actions",
        soci::into(stamp);
    out["plan actions " + stamp] = 1;
    return out;
}

std::map<std::string, std::string> EveryPostRoute::valid_fields() const {
    return {{"audience", "state"},
            {"label", "x"},
            {"choice", "entry"},
            {"note", "x"},
            {"name", "x"},
            {"email", "carol@example.org"},
            {"password", "correct horse battery"},
            {"current_password", "correct horse battery"},
            {"new_password", "another long one"},
            {"role", "viewer"},
            {"organization", std::to_string(organization)},
            {"title", "x"},
            {"school_year", "2026-27"},
            {"code", "123456"},
            {"open", "no"},
            {"stage", "developing"},
            {"rationale", "x"},
            {"kind", "district"},
            {"link_access", "edit"}};
}

std::string form_body(const std::map<std::string, std::string>& fields) {
    std::string body;
    for (const auto& [key, value] : fields) {
        std::string encoded;
        for (char c : value) {
            if (c == ' ') {
                encoded += '+';
            } else if (c == '@') {
                encoded += "%40";
            } else {
                encoded += c;
            }
        }
        if (!body.empty()) body += '&';
        body.append(key).append("=").append(encoded);
    }
    return body;
}

}  // namespace cbe::testing
