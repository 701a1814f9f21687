// Authorization between organizations and roles on the features added after the first attack
// (issue 15, items 5, 7 and 10 and their kind): plans, share links, team sessions, placements,
// the compare page. Two organizations, A and B; B's owner knows every id of A's (they are
// sequential) and tries them through B's own pages; a removed member keeps nothing they made
// in A; a private link does only what A's owners allow; moves and share links are audited.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <regex>

#include "integration/fixtures.hpp"
#include "store/organization_repository.hpp"
#include "web/router.hpp"
#include "web/site.hpp"

namespace cbe::testing {

namespace {

class HardeningAccess : public ::testing::Test {
  protected:
    void SetUp() override {
        server_ = std::make_unique<RunningServer>();
        a_ = make_organization(*server_, "Aroostook");
        b_ = make_organization(*server_, "Bangor");
        for (auto [name, org, role] : {std::tuple{"alice", a_, access::Role::kOwner},
                                       std::tuple{"mia", a_, access::Role::kMember},
                                       std::tuple{"fay", a_, access::Role::kFacilitator},
                                       std::tuple{"bob", b_, access::Role::kOwner}}) {
            clients_[name] = std::make_unique<Client>(server_->port);
            ids_[name] = sign_up_member(*server_, *clients_[name], name, org, role);
        }
    }

    Client& as(const std::string& name) { return *clients_.at(name); }

    // Starts a district assessment with one answer; returns its private path "/a/<token>".
    static std::string start(Client& c) {
        std::string path = private_path(start_assessment(c, "district"));
        EXPECT_EQ(post_form(c, path + "/e/policy.credit-flexibility", "choice=entry&note=").status,
                  303);
        return path;
    }

    // Starts an assessment as `c` and moves it into `into`; returns its organization path.
    std::string placed(Client& c, long long into, std::string* private_path = nullptr) {
        std::string path = start(c);
        EXPECT_EQ(move_assessment(c, path, into).status, 303);
        if (private_path) *private_path = path;
        return org_path(into) + "/assessments/" +
               std::to_string(id_by_token(*server_, "assessments", path));
    }

    // Opens a team session in `in` as `c` and closes it; returns "/sessions/<id>".
    static std::string closed_session(Client& c, long long in) {
        auto opened = open_session(c, org_path(in), "Retreat", {"policy.credit-flexibility"});
        std::string path = "/sessions/" + std::to_string(session_id(opened));
        close_session(c, path);
        return path;
    }

    // Makes a share link of `base` as `c`; returns "/s/<token>".
    static std::string share(Client& c, const std::string& base) {
        auto made = post_form(c, base + "/share");
        EXPECT_EQ(made.status, 200) << base;
        return first_match(made.body, "value=\"https?://[^\"]*(/s/[A-Za-z0-9_-]{43})\"");
    }

    // The id of the newest working share link of `base`, as `c` sees the list.
    static long long share_id(Client& c, const std::string& base) {
        std::string id = first_match(c.get(base + "/share").body, "/share/([0-9]+)/revoke\"");
        return id.empty() ? 0 : std::stoll(id);
    }

    long long share_id_in_db(const std::string& shared) {
        return id_by_token(*server_, "share_links", shared);
    }

    // Adds an action to the plan of `base`; returns its id.
    static long long action(Client& c, const std::string& base, const std::string& description) {
        auto added = post_form(
            c, base + "/plan/actions",
            "element=policy.credit-flexibility&description=" + description + "&status=not-started");
        std::string id = first_match(added.headers["location"], "#action-([0-9]+)$");
        EXPECT_FALSE(id.empty()) << added.status << added.body.substr(0, 300);
        return id.empty() ? 0 : std::stoll(id);
    }

    std::vector<std::string> audit(long long organization, const std::string& event) {
        std::vector<std::string> out;
        std::string detail;
        auto lease = server_->database->lease().value();
        soci::statement st = (lease.session().prepare << "SELECT detail FROM audit_log WHERE "
                                                         "organization_id = :o AND event = :e "
                                                         "ORDER BY id",
                              soci::use(organization), soci::use(event), soci::into(detail));
        st.execute();
        while (st.fetch()) out.push_back(detail);
        return out;
    }

    std::unique_ptr<RunningServer> server_;
    long long a_ = 0, b_ = 0;
    std::map<std::string, std::unique_ptr<Client>> clients_;
    std::map<std::string, long long> ids_;
};

}  // namespace

// Every route that takes an id, tried by B's owner with A's real ids — alone, and under B's own
// assessment or session (a share link or an action of A's revoked or changed through a page of
// B's) — answers with a refusal, and A's placements, plans, links and members are as they were.
TEST_F(HardeningAccess, AnotherOrganizationsOwnerReachesNothingOfItsWithRealIds) {
    Client& alice = as("alice");
    Client& bob = as("bob");
    std::string a_assessment = placed(alice, a_);
    std::string a_session = closed_session(alice, a_);
    long long a_action = action(alice, a_assessment, "Brief+the+board");
    long long a_session_action = action(alice, a_session, "Visit+a+pilot");
    std::string a_share = share(alice, a_assessment);
    std::string a_session_share = share(alice, a_session);
    std::string invitation = invitation_token(alice, org_path(a_), "owner");
    long long link = count(*server_, "SELECT MAX(id) FROM invitations");
    std::string b_assessment = placed(bob, b_);
    std::string b_session = closed_session(bob, b_);
    ASSERT_FALSE(a_share.empty());
    ASSERT_FALSE(a_session_share.empty());

    auto id_tail = [](const std::string& path) { return path.substr(path.rfind('/') + 1); };
    // Each variant fills a route's parameters: B as the organization, A's objects as the things.
    const std::map<std::string, std::string> as_theirs{
        {"{id}", std::to_string(b_)},
        {"{assessment}", id_tail(a_assessment)},
        {"{session}", id_tail(a_session)},
        {"{share}", std::to_string(share_id_in_db(a_share))},
        {"{action}", std::to_string(a_action)},
        {"{link}", std::to_string(link)},
        {"{user}", std::to_string(ids_["mia"])}};
    std::vector<std::map<std::string, std::string>> variants{
        as_theirs,
        {{"{id}", std::to_string(b_)},
         {"{assessment}", id_tail(b_assessment)},
         {"{session}", id_tail(b_session)},
         {"{share}", std::to_string(share_id_in_db(a_session_share))},
         {"{action}", std::to_string(a_session_action)}},
        as_theirs};
    variants.back()["{id}"] = std::to_string(a_);  // and A itself as the organization
    // Everything a form could name, aimed at A's things.
    const std::string fields =
        "role=owner&link_access=edit&school_year=2030-31&organization=" + std::to_string(b_) +
        "&element=policy.credit-flexibility&description=Taken&status=done&owner_name=Bob"
        "&stage=transforming&rationale=Ours&open=1&a=a:" +
        id_tail(a_assessment) + "&b=s:" + id_tail(a_session);
    size_t tried = 0;
    for (const auto& [method, pattern] : server_->site->router().routes()) {
        bool takes_an_object = false;
        for (const char* p :
             {"{assessment}", "{session}", "{share}", "{action}", "{link}", "{user}"}) {
            takes_an_object = takes_an_object || pattern.find(p) != std::string::npos;
        }
        if (!takes_an_object) continue;
        for (const auto& values : variants) {
            std::string target = pattern;
            bool complete = true;
            for (auto at = target.find('{'); at != std::string::npos; at = target.find('{')) {
                auto end = target.find('}', at);
                auto value = values.find(target.substr(at, end - at + 1));
                if (value == values.end()) {
                    complete = false;
                    break;
                }
                target.replace(at, end - at + 1, value->second);
            }
            // B's own pages (no share link or action of A's in them) are B's owner's to use.
            bool own = values.at("{assessment}") == id_tail(b_assessment) &&
                       pattern.find("{share}") == std::string::npos &&
                       pattern.find("{action}") == std::string::npos;
            if (!complete || own) continue;
            int status = 0;
            if (target.size() > 7 && target.substr(target.size() - 7) == "/events") {
                status = stream_status(server_->port, target, bob.cookie_header());
            } else if (method == web::Method::kGet) {
                status = bob.get(target.append("?").append(fields)).status;
            } else {
                status = post_form(bob, target, fields).status;
            }
            EXPECT_TRUE(status == 400 || status == 403 || status == 404 || status == 409)
                << (method == web::Method::kGet ? "GET " : "POST ") << target << " answered "
                << status;
            ++tried;
        }
    }
    EXPECT_GE(tried, 60u);

    // A's things are as they were.
    Client stranger(server_->port);
    EXPECT_EQ(stranger.get(a_share).status, 200);
    EXPECT_EQ(stranger.get(a_session_share).status, 200);
    std::string plan = alice.get(a_assessment + "/plan").body;
    EXPECT_NE(plan.find("Brief the board"), std::string::npos);
    EXPECT_EQ(plan.find("Taken"), std::string::npos);
    EXPECT_NE(alice.get(a_session + "/plan").body.find("Visit a pilot"), std::string::npos);
    EXPECT_EQ(alice.get(a_assessment).status, 200);
    EXPECT_EQ(alice.get(a_session).status, 200);
    EXPECT_EQ(http_get(server_->port, "/invitations/" + invitation).status, 200);
    store::OrganizationRepository orgs(server_->database);
    EXPECT_EQ(orgs.role_of(a_, ids_["mia"]).value(), access::Role::kMember);
    EXPECT_FALSE(orgs.role_of(a_, ids_["bob"]).value().has_value());
    EXPECT_EQ(orgs.assessments(a_).value().size(), 1u);
    EXPECT_EQ(orgs.assessments(b_).value().size(), 1u);
    auto lease = server_->database->lease().value();
    long long year_changed = 0, by_bob = 0;
    lease.session() << "SELECT COUNT(*) FROM assessments WHERE school_year = '2030-31'",
        soci::into(year_changed);
    lease.session() << "SELECT COUNT(*) FROM audit_log WHERE organization_id = :a AND user_id = :b",
        soci::use(a_), soci::use(ids_["bob"]), soci::into(by_bob);
    EXPECT_EQ(year_changed, 0);
    EXPECT_EQ(by_bob, 0);
}

// Item 7's kind: a removed member knows the addresses of the share links they made of the
// organization's placements. Removal revokes those (the organization's data is no longer theirs
// to hand out); links others made keep working; the removal's audit entry says what went. A
// member demoted to viewer may still read everything a share link shows: theirs stay.
TEST_F(HardeningAccess, RemovingAMemberRevokesTheShareLinksTheyMade) {
    Client& alice = as("alice");
    Client& mia = as("mia");
    Client& fay = as("fay");
    std::string assessment = placed(alice, a_);
    std::string session = closed_session(fay, a_);
    std::string mias = share(mia, assessment);
    std::string mias_session = share(mia, session);
    std::string fays = share(fay, assessment);
    std::string alices = share(alice, session);
    // A share link of another organization's placement, made by the same person, is not A's.
    store::OrganizationRepository orgs(server_->database);
    ASSERT_TRUE(orgs.set_member(b_, ids_["mia"], access::Role::kMember, "t"));
    std::string elsewhere = share(mia, placed(as("bob"), b_));

    EXPECT_EQ(change_role(alice, org_path(a_), ids_["fay"], "viewer").status, 303);
    EXPECT_EQ(remove_member(alice, org_path(a_), ids_["mia"]).status, 303);

    Client stranger(server_->port);
    EXPECT_EQ(stranger.get(mias).status, 404);
    EXPECT_EQ(stranger.get(mias + "/plan").status, 404);
    EXPECT_EQ(stranger.get(mias_session).status, 404);
    EXPECT_EQ(stranger.get(fays).status, 200);  // demoted, not removed
    EXPECT_EQ(stranger.get(alices).status, 200);
    EXPECT_EQ(stranger.get(elsewhere).status, 200);  // B's, and mia is still B's member
    // The owners see them revoked in the list, and the log says so.
    EXPECT_NE(alice.get(session + "/share").body.find("Revoked"), std::string::npos);
    auto removed = audit(a_, "member-removed");
    ASSERT_EQ(removed.size(), 1u);
    EXPECT_NE(removed[0].find("2 share link(s)"), std::string::npos) << removed[0];
}

// Item 7 on the command line: `roadmap org add-member` lowering an owner's role (it sets the
// membership) revokes their invitation links above the new role, as the web's role change does.
TEST_F(HardeningAccess, LoweringARoleFromTheCommandLineRevokesLinksToo) {
    store::OrganizationRepository orgs(server_->database);
    ASSERT_TRUE(orgs.set_member(a_, ids_["mia"], access::Role::kOwner, "t"));
    Client& mia = as("mia");
    std::string owner_link = invitation_token(mia, org_path(a_), "owner");
    std::string member_link = invitation_token(mia, org_path(a_), "member");
    ASSERT_FALSE(owner_link.empty());
    ASSERT_TRUE(orgs.set_member(a_, ids_["mia"], access::Role::kMember, "t"));
    EXPECT_EQ(http_get(server_->port, "/invitations/" + owner_link).status, 404);
    EXPECT_EQ(http_get(server_->port, "/invitations/" + member_link).status, 200);
}

// Item 10's kind: the private link of an assessment an organization holds does what the
// organization's owners chose — read, or also change the answers (its school year and plan go
// with them, docs/plans.md) — and never more: it does not delete, move, publish the placement
// through a share link, or end the share links the organization's members gave out.
TEST_F(HardeningAccess, APrivateLinkDoesOnlyWhatTheOrganizationAllows) {
    Client& alice = as("alice");
    Client& mia = as("mia");
    std::string link;
    std::string base = placed(mia, a_, &link);
    std::string members_share = share(mia, base);
    long long members_share_id = share_id(mia, base);
    ASSERT_NE(members_share_id, 0);

    // Read-only (the default after a move): nothing changes through it.
    Client holder(server_->port);
    holder.get(link);
    // An answer, the school year (to `year`) and a plan priority changed through the link.
    auto expect_changes_answered = [&](int status, const std::string& year) {
        SCOPED_TRACE("changes through the link, expected " + std::to_string(status));
        EXPECT_EQ(
            post_form(holder, link + "/e/policy.credit-flexibility", "choice=scaling&note=").status,
            status);
        EXPECT_EQ(post_form(holder, link + "/school-year", "school_year=" + year).status, status);
        EXPECT_EQ(post_form(holder, link + "/plan/priorities", "element=policy.credit-flexibility")
                      .status,
                  status);
    };
    expect_changes_answered(403, "2030-31");
    EXPECT_EQ(post_form(holder, link + "/share").status, 403);
    EXPECT_EQ(post_form(holder, link + "/delete").status, 403);

    // The owners let it change answers again.
    alice.get(base);
    ASSERT_EQ(post_form(alice, base + "/link-access", "link_access=edit").status, 303);
    expect_changes_answered(303, "2027-28");
    // Still no publishing and no ending of the organization's links through it.
    auto made = post_form(holder, link + "/share");
    EXPECT_EQ(made.status, 403);
    EXPECT_EQ(made.body.find("/s/"), std::string::npos);
    EXPECT_EQ(
        post_form(holder, link + "/share/" + std::to_string(members_share_id) + "/revoke").status,
        403);
    EXPECT_EQ(holder.get(members_share).status, 200);
    auto page = holder.get(link + "/share");
    EXPECT_EQ(page.status, 200);
    EXPECT_EQ(page.body.find("Make a new share link"), std::string::npos);
    EXPECT_EQ(page.body.find("/revoke\""), std::string::npos);
    EXPECT_NE(page.body.find("Only the organization's members"), std::string::npos);
    // Nor delete it, nor move it away, even for a signed-in owner of another organization —
    // and its pages do not offer to.
    EXPECT_EQ(holder.get(link + "/delete").status, 403);
    EXPECT_EQ(post_form(holder, link + "/delete").status, 403);
    Client& bob = as("bob");
    auto overview = bob.get(link);
    EXPECT_EQ(overview.body.find("Delete this assessment"), std::string::npos);
    EXPECT_EQ(overview.body.find(link + "/move"), std::string::npos);
    EXPECT_EQ(post_form(bob, link + "/move", "organization=" + std::to_string(b_)).status, 403);
    // An owner of the organization holding it, who is a member elsewhere too, is offered the
    // move (only to the other one).
    store::OrganizationRepository orgs(server_->database);
    ASSERT_TRUE(orgs.set_member(b_, ids_["alice"], access::Role::kMember, "t"));
    auto owners = alice.get(link).body;
    EXPECT_NE(owners.find("<option value=\"" + std::to_string(b_) + "\">"), std::string::npos);
    EXPECT_EQ(owners.find("<option value=\"" + std::to_string(a_) + "\">"), std::string::npos);
    EXPECT_EQ(orgs.assessments(a_).value().size(), 1u);
    EXPECT_EQ(share_id_in_db(members_share), members_share_id);
    // Members still share through the organization.
    EXPECT_FALSE(share(mia, base).empty());
}

// Share links of an organization's placements — made, revoked — are in its audit log; a move
// between two organizations is in both logs, each naming the other.
TEST_F(HardeningAccess, ShareLinksAndMovesAreAuditedOnEverySide) {
    Client& alice = as("alice");
    std::string base = placed(alice, a_);
    std::string session = closed_session(alice, a_);
    share(alice, base);
    share(alice, session);
    long long id = share_id(alice, base);
    ASSERT_NE(id, 0);
    alice.get(base + "/share");
    EXPECT_EQ(post_form(alice, base + "/share/" + std::to_string(id) + "/revoke").status, 303);
    auto made = audit(a_, "share-created");
    ASSERT_EQ(made.size(), 2u);
    EXPECT_NE(made[0].find("assessment"), std::string::npos) << made[0];
    EXPECT_NE(made[1].find("team session"), std::string::npos) << made[1];
    auto revoked = audit(a_, "share-revoked");
    ASSERT_EQ(revoked.size(), 1u);
    EXPECT_NE(revoked[0].find("share link " + std::to_string(id)), std::string::npos);

    // Alice owns B too and moves an assessment from A to B. The share link A gave out for it
    // ends (it spoke for A, and would show B's plan); A's log says so.
    store::OrganizationRepository orgs(server_->database);
    ASSERT_TRUE(orgs.set_member(b_, ids_["alice"], access::Role::kOwner, "t"));
    std::string link;
    std::string moving = placed(alice, a_, &link);
    std::string given_out = share(as("mia"), moving);
    ASSERT_EQ(http_get(server_->port, given_out).status, 200);
    alice.get(link);
    ASSERT_EQ(post_form(alice, link + "/move", "organization=" + std::to_string(b_)).status, 303);
    EXPECT_EQ(http_get(server_->port, given_out).status, 404);
    auto out = audit(a_, "assessment-moved-out");
    auto in = audit(b_, "assessment-moved");
    ASSERT_EQ(out.size(), 1u);
    ASSERT_EQ(in.size(), 1u);
    EXPECT_NE(out[0].find("to organization " + std::to_string(b_)), std::string::npos) << out[0];
    EXPECT_NE(out[0].find("1 share link(s)"), std::string::npos) << out[0];
    EXPECT_NE(in[0].find("from organization " + std::to_string(a_)), std::string::npos) << in[0];
}

// Item 7's kind, team sessions: roles are read on every request, so a facilitator demoted or
// removed mid-session loses the board and its controls at once; the session goes on for the
// organization's other facilitators, and participants (who have no account) keep rating.
TEST_F(HardeningAccess, ADemotedFacilitatorLosesTheBoardAtOnce) {
    Client& alice = as("alice");
    Client& fay = as("fay");
    auto opened = open_session(fay, org_path(a_), "Retreat",
                               {"policy.credit-flexibility", "tech.mastery-tracking"});
    std::string session = opened.headers["location"];
    ASSERT_TRUE(std::regex_match(session, std::regex("/sessions/[0-9]+")));
    std::string code = join_code(fay, session);
    Client participant(server_->port);
    std::string own = join_session(participant, code, "Pat").headers["location"];
    ASSERT_FALSE(own.empty());

    ASSERT_EQ(change_role(alice, org_path(a_), ids_["fay"], "member").status, 303);
    EXPECT_EQ(fay.get(session).status, 404);
    EXPECT_EQ(stream_status(server_->port, session + "/events", fay.cookie_header()), 404);
    EXPECT_EQ(post_form(fay, session + "/reveal", "element=policy.credit-flexibility").status, 404);
    EXPECT_EQ(post_form(fay, session + "/close").status, 404);
    EXPECT_EQ(post_form(fay, session + "/delete").status, 404);
    EXPECT_EQ(
        post_form(participant, own + "/e/policy.credit-flexibility", "choice=entry&note=").status,
        303);
    EXPECT_EQ(alice.get(session).status, 200);
    EXPECT_EQ(post_form(alice, session + "/close").status, 303);
}

}  // namespace cbe::testing
