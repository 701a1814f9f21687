// The set-up steps integration tests share, done the way a person (or the operator) does them:
// accounts, organizations and their members, invitation links, assessments and team sessions,
// and forms posted with their CSRF token. Each checks the answers its step needs, so a test that
// uses one fails at the step that broke.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "access/policy.hpp"
#include "integration/http_client.hpp"
#include "integration/running_server.hpp"

namespace cbe::testing {

// A secret token in a link (an assessment's, a share link's, an invitation's…), as a regex group.
inline constexpr const char* kToken = "([A-Za-z0-9_-]{43})";

// The first match of `pattern`'s group 1 in `text`, or empty.
std::string first_match(const std::string& text, const std::string& pattern);

// A clock the test moves forward, in seconds past the real time.
struct MovableClock {
    std::atomic<long long> offset{0};
    Clock clock() {
        return [this] {
            return std::chrono::system_clock::now() + std::chrono::seconds(offset.load());
        };
    }
};

// A clock that stands still until the test moves it (`offset`, in seconds). Tests that expect
// a limit's wait (2 s after the free attempts) to hold over the requests that follow run on it:
// on the real clock a slow machine (the AddressSanitizer build) lets the wait end in between.
struct FrozenClock {
    const std::chrono::system_clock::time_point start = std::chrono::system_clock::now();
    std::atomic<long long> offset{0};
    Clock clock() {
        return [this] { return start + std::chrono::seconds(offset.load()); };
    }
};

// `config` with a trusted proxy on loopback: clients "from" other addresses (see `from`) name
// them in X-Forwarded-For, as nginx would.
ServeConfig behind_proxy(ServeConfig config = config_for_tests());
// `config` sending email through the SMTP relay on loopback at `smtp_port`.
ServeConfig with_email(uint16_t smtp_port, ServeConfig config = config_for_tests());
// A client whose requests the proxy says come from `address`.
std::unique_ptr<Client> from(uint16_t port, const std::string& address);

// POSTs `fields` (form-encoded, may be empty) to `target` with the client's CSRF token; a
// client that has none yet opens a form for one first.
HttpResult post_form(Client& c, const std::string& target, const std::string& fields = "");

// The sign-up form filled in for <name>@example.org (name: letters only) with the password
// "correct horse battery", through `invitation` when one is given; returns the answer.
HttpResult post_sign_up(Client& c, const std::string& name, const std::string& invitation = "");
// The sign-in form for <name>@example.org; `password` form-encoded. Returns the answer.
HttpResult sign_in(Client& c, const std::string& name, const std::string& password);
// The account page's password change; both passwords form-encoded. Returns the answer.
HttpResult change_password(Client& c, const std::string& current, const std::string& next);
long long user_id(RunningServer& server, const std::string& name);

// An organization (a district) made in the store, as `roadmap org create` does; returns its id.
long long make_organization(RunningServer& server,
                            const std::string& name = "Lincoln County Schools");
// Signs `client` up as <name>@example.org (see sign_up) and gives them `role` in `org`, as
// `roadmap org add-member` does; returns their user id.
long long sign_up_member(RunningServer& server, Client& client, const std::string& name,
                         long long org, access::Role role);
std::string org_path(long long org);
// Makes an organization (a district) on the web as the signed-in `owner`; returns its path.
std::string new_organization(Client& owner, const std::string& name);
// From the organization's page at `org`: an invitation link for `role`, emailed to `email`
// (form-encoded) when one is given. Returns the answer.
HttpResult make_invitation(Client& owner, const std::string& org, const std::string& role,
                           const std::string& email = "");
// The same, expecting the link; returns its token.
std::string invitation_token(Client& owner, const std::string& org, const std::string& role);
HttpResult revoke_invitation(Client& owner, const std::string& org, long long invitation);
// From the organization's page at `org`: `user`'s role changed, or their membership ended.
HttpResult change_role(Client& owner, const std::string& org, long long user,
                       const std::string& role);
HttpResult remove_member(Client& owner, const std::string& org, long long user);

// The new-assessment form for `audience` with `label` (form-encoded; none when empty); returns
// the answer.
HttpResult post_new_assessment(Client& c, const std::string& audience = "state",
                               const std::string& label = "Ours");
// Starts an anonymous assessment labelled "Ours"; returns the path of its first step,
// "/a/<token>/e/<element>".
std::string start_assessment(Client& c, const std::string& audience = "state");
// The private path "/a/<token>" that `path` starts with, or empty.
std::string private_path(const std::string& path);
// Moves the assessment at `private_path` into `org` from its overview page; returns the answer.
HttpResult move_assessment(Client& c, const std::string& private_path, long long org);
// The id of the row of `table` (assessments, share_links…) whose token is the last part of
// `path` ("/a/<token>", "/s/<token>"), or 0.
long long id_by_token(RunningServer& server, const std::string& table, const std::string& path);

// Opens a district team session for 2026-27 in the organization at `org`, from its form, on
// `elements`; `title` form-encoded. Returns the answer: a redirect to its board.
HttpResult open_session(Client& c, const std::string& org, const std::string& title,
                        const std::vector<std::string>& elements = {"tech.mastery-tracking"});
// The id in a board's path ("/sessions/<id>").
long long session_id(const HttpResult& opened);
// The six-digit join code the board at `board` shows its facilitator, or empty.
std::string join_code(Client& facilitator, const std::string& board);
void close_session(Client& facilitator, const std::string& board);
// Joins the session with `code` from the join form, as `display_name` (may be empty).
HttpResult join_session(Client& c, const std::string& code, const std::string& display_name = "");

// The one number `sql` selects.
long long count(RunningServer& server, const std::string& sql);

}  // namespace cbe::testing
