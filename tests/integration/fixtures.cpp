#include "integration/fixtures.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <regex>

#include "core/crypto.hpp"
#include "store/account_repository.hpp"
#include "store/organization_repository.hpp"

namespace cbe::testing {

std::string first_match(const std::string& text, const std::string& pattern) {
    std::smatch m;
    return std::regex_search(text, m, std::regex(pattern)) ? m[1].str() : "";
}

ServeConfig behind_proxy(ServeConfig config) {
    config.trusted_proxies = {"127.0.0.1"};
    return config;
}

ServeConfig with_email(uint16_t smtp_port, ServeConfig config) {
    config.smtp.host = "127.0.0.1";
    config.smtp.port = smtp_port;
    config.smtp.tls = "none";  // a relay on the same machine
    config.smtp.from = "roadmap@example.org";
    config.smtp.timeout_seconds = 20;
    return config;
}

std::unique_ptr<Client> from(uint16_t port, const std::string& address) {
    auto client = std::make_unique<Client>(port);
    client->set_header("X-Forwarded-For", address);
    return client;
}

HttpResult post_form(Client& c, const std::string& target, const std::string& fields) {
    if (c.csrf().empty()) c.get("/sign-in");
    return c.post(target, "csrf=" + c.csrf() + (fields.empty() ? "" : "&" + fields));
}

HttpResult post_sign_up(Client& c, const std::string& name, const std::string& invitation) {
    c.get(invitation.empty() ? "/sign-up" : "/sign-up?invitation=" + invitation);
    return post_form(c, "/sign-up",
                     "name=" + name + "&email=" + name +
                         "%40example.org&password=correct+horse+battery" +
                         (invitation.empty() ? "" : "&invitation=" + invitation));
}

HttpResult sign_in(Client& c, const std::string& name, const std::string& password) {
    c.get("/sign-in");
    return post_form(c, "/sign-in", "email=" + name + "%40example.org&password=" + password);
}

HttpResult change_password(Client& c, const std::string& current, const std::string& next) {
    c.get("/account");
    return post_form(c, "/account/password",
                     "current_password=" + current + "&new_password=" + next);
}

long long user_id(RunningServer& server, const std::string& name) {
    return store::AccountRepository(server.database).find_user(name + "@example.org").value().id;
}

long long make_organization(RunningServer& server, const std::string& name) {
    return store::OrganizationRepository(server.database)
        .create(name, "district", 0, "t")
        .value()
        .id;
}

long long sign_up_member(RunningServer& server, Client& client, const std::string& name,
                         long long org, access::Role role) {
    long long user = sign_up(server, client, name);
    EXPECT_TRUE(store::OrganizationRepository(server.database).set_member(org, user, role, "t"))
        << name;
    return user;
}

std::string org_path(long long org) { return "/orgs/" + std::to_string(org); }

std::string new_organization(Client& owner, const std::string& name) {
    owner.get("/orgs/new");
    auto made = post_form(owner, "/orgs", "name=" + name + "&kind=district");
    EXPECT_EQ(made.status, 303) << made.body;
    std::string location = made.headers["location"];
    return location.substr(0, location.find('?'));
}

HttpResult make_invitation(Client& owner, const std::string& org, const std::string& role,
                           const std::string& email) {
    owner.get(org);
    return post_form(owner, org + "/invitations",
                     "role=" + role + (email.empty() ? "" : "&email=" + email));
}

std::string invitation_token(Client& owner, const std::string& org, const std::string& role) {
    auto made = make_invitation(owner, org, role);
    EXPECT_EQ(made.status, 200) << org;
    std::string token = first_match(made.body, std::string("/invitations/") + kToken);
    EXPECT_FALSE(token.empty()) << made.body;
    return token;
}

HttpResult revoke_invitation(Client& owner, const std::string& org, long long invitation) {
    owner.get(org);
    return post_form(owner, org + "/invitations/" + std::to_string(invitation) + "/revoke");
}

HttpResult change_role(Client& owner, const std::string& org, long long user,
                       const std::string& role) {
    owner.get(org);
    return post_form(owner, org + "/members/" + std::to_string(user) + "/role", "role=" + role);
}

HttpResult remove_member(Client& owner, const std::string& org, long long user) {
    owner.get(org);
    return post_form(owner, org + "/members/" + std::to_string(user) + "/remove");
}

HttpResult post_new_assessment(Client& c, const std::string& audience, const std::string& label) {
    c.get("/assessments/new?audience=" + audience);
    return post_form(c, "/assessments",
                     "audience=" + audience + (label.empty() ? "" : "&label=" + label));
}

std::string start_assessment(Client& c, const std::string& audience) {
    auto made = post_new_assessment(c, audience);
    std::string location = made.headers["location"];
    EXPECT_TRUE(std::regex_match(location, std::regex(std::string("/a/") + kToken + "/e/.+")))
        << made.status << " " << location;
    return location;
}

std::string private_path(const std::string& path) {
    return first_match(path, std::string("^(/a/") + kToken + ")");
}

HttpResult move_assessment(Client& c, const std::string& private_path, long long org) {
    c.get(private_path);
    return post_form(c, private_path + "/move", "organization=" + std::to_string(org));
}

long long id_by_token(RunningServer& server, const std::string& table, const std::string& path) {
    long long id = 0;
    std::string hash = crypto::token_hash(path.substr(path.rfind('/') + 1));
    auto lease = server.database->lease().value();
    lease.session() << "SELECT id FROM " + table + " WHERE token_hash = :h", soci::use(hash),
        soci::into(id);
    return id;
}

HttpResult open_session(Client& c, const std::string& org, const std::string& title,
                        const std::vector<std::string>& elements) {
    c.get(org + "/sessions/new?audience=district");
    std::string fields = "audience=district&title=" + title + "&school_year=2026-27";
    for (const auto& element : elements) fields += "&element=" + element;
    return post_form(c, org + "/sessions", fields);
}

long long session_id(const HttpResult& opened) {
    auto location = opened.headers.find("location");
    std::string id = location == opened.headers.end()
                         ? ""
                         : first_match(location->second, "^/sessions/([0-9]+)$");
    EXPECT_FALSE(id.empty()) << opened.status << opened.body;
    return id.empty() ? 0 : std::stoll(id);
}

std::string join_code(Client& facilitator, const std::string& board) {
    return first_match(facilitator.get(board).body, "join\\?code=([0-9]{6})");
}

void close_session(Client& facilitator, const std::string& board) {
    facilitator.get(board);
    EXPECT_EQ(post_form(facilitator, board + "/close").status, 303) << board;
}

HttpResult join_session(Client& c, const std::string& code, const std::string& display_name) {
    c.get("/join");
    return post_form(c, "/join", "code=" + code + "&display_name=" + display_name);
}

long long count(RunningServer& server, const std::string& sql) {
    auto lease = server.database->lease().value();
    long long n = 0;
    lease.session() << sql, soci::into(n);
    return n;
}

}  // namespace cbe::testing
