#include "store/team_session_repository.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <random>
#include <thread>

#include "store/account_repository.hpp"
#include "store/migrations.hpp"
#include "store/organization_repository.hpp"

namespace cbe::store {

namespace {

// The migration that adds team sessions, applied even before kSchemaVersion names it.
constexpr int kTeamSessionsMigration = 7;

// Privacy by construction (docs/team-sessions.md): the one record holding a choice is a
// participant's own rating, and it has no room for whose it is. A participant id added beside
// the choice would change its size and stop this compiling; element_counts answers counts only,
// element_notes bare strings, and no other function returns a choice.
static_assert(sizeof(OwnRating) == 3 * sizeof(std::string));

}  // namespace

class TeamSessionStore : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("cbe-team-" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(dir_);
        db_ = Database::open_sqlite((dir_ / "t.db").string(), 2).value();
        migrate(*db_, std::string(CBE_SOURCE_DIR) + "/migrations/sqlite",
                std::max(kSchemaVersion, kTeamSessionsMigration))
            .value();
        org_ = OrganizationRepository(db_).create("Portland", "district", 0, "t").value().id;
        user_ = AccountRepository(db_).create_user("f@example.org", "Fay", "hash", "t").value().id;
        repo_ = std::make_unique<TeamSessionRepository>(db_);
    }
    void TearDown() override {
        repo_.reset();
        db_.reset();
        std::filesystem::remove_all(dir_);
    }

    NewTeamSession session(const std::string& code,
                           std::vector<std::string> elements = {"tech.b", "tech.a", "tech.c"}) {
        return {org_,    user_, "Fall check-in",    "2026-27", "district",
                "1.0.0", code,  std::move(elements)};
    }
    TeamSessionRecord open(const std::string& code, const std::string& now = "2026-09-01") {
        return repo_->create(session(code), now).value();
    }
    long long version(long long id) { return repo_->find(id).value().version; }
    long long rows(const std::string& table, long long session_id) {
        auto lease = db_->lease().value();
        long long n = 0;
        lease.session() << "SELECT COUNT(*) FROM " + table + " WHERE session_id = :id",
            soci::use(session_id), soci::into(n);
        return n;
    }
    // Joins `count` participants and has the i-th rate `element` with choices[i] ("" skips).
    std::vector<ParticipantRecord> join_and_rate(long long id, const std::string& element,
                                                 const std::vector<std::string>& choices) {
        std::vector<ParticipantRecord> out;
        for (size_t i = 0; i < choices.size(); ++i) {
            auto p =
                repo_->join(id, "tok-" + std::to_string(id) + "-" + std::to_string(i), "", 500, "t")
                    .value();
            if (!choices[i].empty()) {
                EXPECT_TRUE(repo_->rate(p.id, element, choices[i], "", "t"));
            }
            out.push_back(p);
        }
        return out;
    }

    std::filesystem::path dir_;
    std::shared_ptr<Database> db_;
    std::unique_ptr<TeamSessionRepository> repo_;
    long long org_ = 0;
    long long user_ = 0;
};

TEST_F(TeamSessionStore, CreatesASessionWithItsElementsInDiscussionOrder) {
    auto made = open("123456");
    EXPECT_GT(made.id, 0);
    EXPECT_EQ(made.organization_id, org_);
    EXPECT_EQ(made.opened_by, user_);
    EXPECT_EQ(made.title, "Fall check-in");
    EXPECT_EQ(made.school_year, "2026-27");
    EXPECT_EQ(made.audience, "district");
    EXPECT_EQ(made.content_version, "1.0.0");
    EXPECT_EQ(made.join_code, "123456");
    EXPECT_TRUE(made.joining_open);
    EXPECT_FALSE(made.closed);
    EXPECT_EQ(made.version, 1);
    EXPECT_EQ(made.created_at, "2026-09-01");
    EXPECT_EQ(made.closed_at, "");

    auto elements = repo_->elements(made.id).value();
    ASSERT_EQ(elements.size(), 3u);
    EXPECT_EQ(elements[0].element_id, "tech.b");
    EXPECT_EQ(elements[1].element_id, "tech.a");
    EXPECT_EQ(elements[2].element_id, "tech.c");
    for (size_t i = 0; i < elements.size(); ++i) {
        EXPECT_EQ(elements[i].position, static_cast<int>(i) + 1);
        EXPECT_EQ(elements[i].revealed_at, "");
        EXPECT_EQ(elements[i].outcome, "");
    }

    EXPECT_EQ(repo_->find_open_by_code("123456")->id, made.id);
    EXPECT_EQ(repo_->find_open_by_code("654321").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(repo_->find_open_by_code("").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(repo_->find(made.id + 100).error().code, ErrorCode::kNotFound);

    auto later = repo_->create(session("222222"), "2026-09-02").value();
    auto all = repo_->for_organization(org_).value();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].id, later.id);  // newest first
    EXPECT_EQ(all[1].id, made.id);
    EXPECT_EQ(repo_->open_counts(org_, user_)->organization, 2);
    EXPECT_EQ(repo_->open_counts(org_, user_)->facilitator, 2);
    EXPECT_EQ(repo_->open_join_codes().value(), (std::vector<std::string>{"123456", "222222"}));
}

TEST_F(TeamSessionStore, AnOpenSessionsJoinCodeIsTakenUntilItCloses) {
    auto first = open("123456");
    EXPECT_EQ(repo_->create(session("123456"), "t").error().code, ErrorCode::kConflict);
    EXPECT_EQ(repo_->for_organization(org_)->size(), 1u);  // nothing of the refused one is left

    ASSERT_TRUE(repo_->close(first.id, "2026-09-03"));
    auto closed = repo_->find(first.id).value();
    EXPECT_TRUE(closed.closed);
    EXPECT_FALSE(closed.joining_open);
    EXPECT_EQ(closed.join_code, "");
    EXPECT_EQ(closed.closed_at, "2026-09-03");
    EXPECT_EQ(closed.version, 2);
    EXPECT_EQ(repo_->find_open_by_code("123456").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(repo_->open_counts(org_, user_)->organization, 0);
    EXPECT_TRUE(repo_->open_join_codes()->empty());

    auto second = repo_->create(session("123456"), "t");
    ASSERT_TRUE(second);
    EXPECT_EQ(repo_->find_open_by_code("123456")->id, second->id);
}

// The caps on open sessions are counted in the transaction that creates one, after its insert:
// a refused session leaves nothing behind, and a closed one makes room again.
TEST_F(TeamSessionStore, CreatingPastAnOpenSessionsCapRollsBack) {
    const OpenSessionCaps caps{3, 2};
    long long gus = AccountRepository(db_).create_user("g@example.org", "Gus", "h", "t")->id;
    auto first = repo_->create(session("111111"), "t", caps).value();
    ASSERT_TRUE(repo_->create(session("222222"), "t", caps));
    auto yours = repo_->create(session("333333"), "t", caps);
    ASSERT_FALSE(yours);
    EXPECT_EQ(yours.error().code, ErrorCode::kConflict);
    EXPECT_EQ(yours.error().message, "session.too-many-open-yours");
    EXPECT_EQ(yours.error().number, 2);

    auto by_gus = session("444444");
    by_gus.opened_by = gus;
    ASSERT_TRUE(repo_->create(by_gus, "t", caps));
    by_gus.join_code = "555555";
    auto full = repo_->create(by_gus, "t", caps);
    ASSERT_FALSE(full);
    EXPECT_EQ(full.error().message, "session.too-many-open");
    EXPECT_EQ(full.error().number, 3);
    // Nothing of either refused one is left: no session, no elements, no code taken.
    EXPECT_EQ(repo_->for_organization(org_)->size(), 3u);
    EXPECT_EQ(repo_->open_join_codes().value(),
              (std::vector<std::string>{"111111", "222222", "444444"}));
    auto lease = db_->lease().value();
    long long elements = 0;
    lease.session() << "SELECT COUNT(*) FROM team_session_elements", soci::into(elements);
    EXPECT_EQ(elements, 9);

    // A code taken is told apart from a cap (the caller draws another code).
    EXPECT_EQ(repo_->create(session("111111"), "t").error().message, "session.code-taken");
    ASSERT_TRUE(repo_->close(first.id, "t"));
    EXPECT_TRUE(repo_->create(by_gus, "t", caps));
}

// Creates racing each other on separate connections stop exactly at the cap, each refused one
// with the cap's answer (never a busy database).
TEST_F(TeamSessionStore, CreatesRacingEachOtherStopExactlyAtTheCap) {
    auto many = Database::open_sqlite((dir_ / "t.db").string(), 8).value();
    TeamSessionRepository repo(many);
    const OpenSessionCaps caps{5, 0};
    std::atomic<int> made{0}, capped{0}, other{0};
    std::vector<std::thread> threads;
    threads.reserve(8);
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 4; ++i) {
                auto s = session(std::to_string(100000 + t * 10 + i));
                auto done = repo.create(s, "t", caps);
                if (done) {
                    ++made;
                } else if (done.error().message == "session.too-many-open") {
                    ++capped;
                } else {
                    ++other;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(made.load(), 5);
    EXPECT_EQ(capped.load(), 27);
    EXPECT_EQ(other.load(), 0);
    EXPECT_EQ(repo.open_counts(org_, user_)->organization, 5);
}

TEST_F(TeamSessionStore, ParticipantsAreNumberedInOrderUpToTheCapWhileJoiningIsOpen) {
    auto s = open("123456");
    auto ana = repo_->join(s.id, "tok-ana", "Ana", 3, "t1").value();
    auto anon = repo_->join(s.id, "tok-2", "", 3, "t2").value();
    EXPECT_EQ(ana.number, 1);
    EXPECT_EQ(ana.session_id, s.id);
    EXPECT_EQ(ana.display_name, "Ana");
    EXPECT_EQ(ana.joined_at, "t1");
    EXPECT_EQ(anon.number, 2);
    EXPECT_EQ(version(s.id), 3);

    auto found = repo_->participant("tok-2").value();
    EXPECT_EQ(found.id, anon.id);
    EXPECT_EQ(found.number, 2);
    EXPECT_EQ(repo_->participant("tok-nobody").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(repo_->join(s.id, "tok-2", "", 3, "t").error().code, ErrorCode::kConflict);

    ASSERT_TRUE(repo_->join(s.id, "tok-3", "", 3, "t3"));
    EXPECT_EQ(repo_->join(s.id, "tok-4", "", 3, "t4").error().code, ErrorCode::kTooLarge);
    EXPECT_EQ(version(s.id), 4);  // the refused join left no trace
    auto everyone = repo_->participants(s.id).value();
    ASSERT_EQ(everyone.size(), 3u);
    EXPECT_EQ(everyone[0].display_name, "Ana");
    EXPECT_EQ(everyone[2].number, 3);

    ASSERT_TRUE(repo_->set_joining(s.id, false));
    EXPECT_FALSE(repo_->find(s.id)->joining_open);
    EXPECT_EQ(version(s.id), 5);
    EXPECT_EQ(repo_->join(s.id, "tok-5", "", 500, "t").error().code, ErrorCode::kConflict);
    ASSERT_TRUE(repo_->set_joining(s.id, true));
    EXPECT_EQ(repo_->join(s.id, "tok-5", "", 500, "t")->number, 4);

    ASSERT_TRUE(repo_->close(s.id, "t"));
    EXPECT_EQ(repo_->join(s.id, "tok-6", "", 500, "t").error().code, ErrorCode::kConflict);
    EXPECT_EQ(repo_->join(s.id + 100, "tok-7", "", 500, "t").error().code, ErrorCode::kNotFound);

    // Numbers count per session.
    EXPECT_EQ(repo_->join(open("222222").id, "tok-8", "", 500, "t")->number, 1);
}

TEST_F(TeamSessionStore, ARatingIsReplacedAndMovesTheVersionOnlyTheFirstTime) {
    auto s = open("123456");
    auto p = repo_->join(s.id, "tok", "", 500, "t").value();
    long long before = version(s.id);

    ASSERT_TRUE(repo_->rate(p.id, "tech.a", "entry", "first thought", "t1"));
    EXPECT_EQ(version(s.id), before + 1);
    ASSERT_TRUE(repo_->rate(p.id, "tech.a", "scaling", "second thought", "t2"));
    EXPECT_EQ(version(s.id), before + 1);  // a change of mind moves no count
    ASSERT_TRUE(repo_->rate(p.id, "tech.b", "not-sure", "", "t3"));
    EXPECT_EQ(version(s.id), before + 2);

    auto own = repo_->own_ratings(p.id).value();
    ASSERT_EQ(own.size(), 2u);
    EXPECT_EQ(own[0].element_id, "tech.b");  // in discussion order
    EXPECT_EQ(own[0].choice, "not-sure");
    EXPECT_EQ(own[1].element_id, "tech.a");
    EXPECT_EQ(own[1].choice, "scaling");
    EXPECT_EQ(own[1].note, "second thought");

    EXPECT_EQ(repo_->rate(p.id, "tech.zzz", "entry", "", "t").error().code,
              ErrorCode::kInvalidInput);
    EXPECT_EQ(repo_->rate(p.id + 100, "tech.a", "entry", "", "t").error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(version(s.id), before + 2);

    ASSERT_TRUE(repo_->reveal(s.id, "tech.a", false, "t4"));
    EXPECT_EQ(repo_->rate(p.id, "tech.a", "entry", "", "t").error().code, ErrorCode::kConflict);
    EXPECT_EQ(repo_->own_ratings(p.id)->at(1).choice, "scaling");  // unchanged
    ASSERT_TRUE(repo_->rate(p.id, "tech.c", "entry", "", "t"));    // not revealed yet

    ASSERT_TRUE(repo_->close(s.id, "t"));
    EXPECT_EQ(repo_->rate(p.id, "tech.b", "entry", "", "t").error().code, ErrorCode::kConflict);
}

TEST_F(TeamSessionStore, AnsweredCountsSayHowManyRatedEachElement) {
    auto s = open("123456");
    auto people = join_and_rate(s.id, "tech.a", {"entry", "not-applicable", ""});
    ASSERT_TRUE(repo_->rate(people[0].id, "tech.c", "scaling", "", "t"));
    ASSERT_TRUE(repo_->rate(people[0].id, "tech.c", "entry", "", "t"));  // still one rater
    auto counts = repo_->answered_counts(s.id).value();
    using Counts = std::vector<std::pair<std::string, size_t>>;
    EXPECT_EQ(counts, (Counts{{"tech.b", 0}, {"tech.a", 2}, {"tech.c", 1}}));
}

TEST_F(TeamSessionStore, ElementCountsSumUpPerChoiceAndCountMissingAnswersOnlyWhenAsked) {
    auto s = open("123456");
    // docs/team-sessions.md: 0, 0, 4, 1 with 3 not sure, 1 not applicable and 2 no rating gives
    // Scaling and agreement.
    join_and_rate(s.id, "tech.a",
                  {"scaling", "not-sure", "scaling", "transforming", "", "not-applicable",
                   "scaling", "not-sure", "", "scaling", "not-sure"});
    ASSERT_TRUE(repo_->reveal(s.id, "tech.a", true, "t"));

    auto with_missing = repo_->element_counts(s.id, "tech.a", true).value();
    using Stages = std::array<size_t, content::kStageCount>;
    EXPECT_EQ(with_missing.per_stage, (Stages{0, 0, 4, 1}));
    EXPECT_EQ(with_missing.not_sure, 3u);
    EXPECT_EQ(with_missing.not_applicable, 1u);
    EXPECT_EQ(with_missing.no_rating, 2u);
    EXPECT_EQ(with_missing.rated, 5u);
    EXPECT_EQ(with_missing.median_stage, 2u);
    EXPECT_EQ(with_missing.verdict, assessment::Verdict::kAgreement);
    EXPECT_EQ(with_missing.total(), 11u);

    auto without = repo_->element_counts(s.id, "tech.a", false).value();
    EXPECT_EQ(without.per_stage, (Stages{0, 0, 4, 1}));
    EXPECT_EQ(without.no_rating, 0u);
    EXPECT_EQ(without.total(), 9u);

    // Two camps a stage apart: 3 at Entry, 3 at Scaling; the lower median, flagged.
    auto people = repo_->participants(s.id).value();
    for (size_t i = 0; i < 6; ++i) {
        ASSERT_TRUE(repo_->rate(people[i].id, "tech.b", i < 3 ? "entry" : "scaling", "", "t"));
    }
    auto split = repo_->element_counts(s.id, "tech.b", true).value();
    EXPECT_EQ(split.per_stage, (Stages{3, 0, 3, 0}));
    EXPECT_EQ(split.no_rating, 5u);
    EXPECT_EQ(split.median_stage, 0u);
    EXPECT_EQ(split.verdict, assessment::Verdict::kDisagreement);

    auto nobody = repo_->element_counts(s.id, "tech.c", false).value();
    EXPECT_EQ(nobody.total(), 0u);
    EXPECT_FALSE(nobody.median_stage);
    EXPECT_EQ(nobody.verdict, assessment::Verdict::kTooFew);
}

TEST_F(TeamSessionStore, NotesComeBackWithoutTheirAuthorsSortedByText) {
    auto s = open("123456");
    const std::vector<std::pair<std::string, std::string>> notes{
        {"entry", "zebra crossing"}, {"scaling", ""}, {"entry", "apples"}, {"not-sure", "mango"}};
    for (size_t i = 0; i < notes.size(); ++i) {
        auto p = repo_->join(s.id, "tok-" + std::to_string(i), "", 500, "t").value();
        ASSERT_TRUE(repo_->rate(p.id, "tech.a", notes[i].first, notes[i].second, "t"));
    }
    EXPECT_EQ(repo_->element_notes(s.id, "tech.a").value(),
              (std::vector<std::string>{"apples", "mango", "zebra crossing"}));
    EXPECT_TRUE(repo_->element_notes(s.id, "tech.b")->empty());
}

TEST_F(TeamSessionStore, RevealAndDecideRecordPerElementAndBumpTheVersion) {
    auto s = open("123456");
    ASSERT_TRUE(repo_->reveal(s.id, "tech.a", false, "t1"));
    ASSERT_TRUE(repo_->reveal(s.id, "tech.a", true, "t2"));  // again, now counting the missing
    EXPECT_EQ(version(s.id), 3);
    ASSERT_TRUE(repo_->decide(s.id, "tech.a", "agreed", "scaling", "Most schools", "Two", "t3"));
    ASSERT_TRUE(repo_->decide(s.id, "tech.b", "no-agreement", "", "Come back to it", "", "t4"));
    EXPECT_EQ(version(s.id), 5);

    auto elements = repo_->elements(s.id).value();
    const auto& b = elements[0];
    const auto& a = elements[1];
    EXPECT_EQ(a.revealed_at, "t1");  // the first reveal's time
    EXPECT_TRUE(a.count_missing);
    EXPECT_EQ(a.outcome, "agreed");
    EXPECT_EQ(a.agreed_stage, "scaling");
    EXPECT_EQ(a.rationale, "Most schools");
    EXPECT_EQ(a.dissent, "Two");
    EXPECT_EQ(a.decided_at, "t3");
    EXPECT_EQ(b.revealed_at, "");
    EXPECT_EQ(b.outcome, "no-agreement");
    EXPECT_EQ(b.agreed_stage, "");
    EXPECT_EQ(b.rationale, "Come back to it");

    EXPECT_EQ(repo_->decide(s.id, "tech.a", "agreed", "", "", "", "t").error().code,
              ErrorCode::kInvalidInput);
    EXPECT_EQ(repo_->decide(s.id, "tech.a", "agreed", "sideways", "", "", "t").error().code,
              ErrorCode::kInvalidInput);
    EXPECT_EQ(repo_->decide(s.id, "tech.a", "no-agreement", "entry", "", "", "t").error().code,
              ErrorCode::kInvalidInput);
    EXPECT_EQ(repo_->decide(s.id, "tech.zzz", "agreed", "entry", "", "", "t").error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(repo_->reveal(s.id, "tech.zzz", false, "t").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(version(s.id), 5);  // refusals roll their bump back

    EXPECT_EQ(repo_->reveal(s.id + 100, "tech.a", false, "t").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(repo_->set_joining(s.id + 100, false).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(repo_->close(s.id + 100, "t").error().code, ErrorCode::kNotFound);
}

TEST_F(TeamSessionStore, AClosedSessionTakesNoMoreChanges) {
    auto s = open("123456");
    ASSERT_TRUE(repo_->close(s.id, "t"));
    EXPECT_EQ(repo_->close(s.id, "t").error().code, ErrorCode::kConflict);
    EXPECT_EQ(repo_->set_joining(s.id, true).error().code, ErrorCode::kConflict);
    EXPECT_EQ(repo_->reveal(s.id, "tech.a", false, "t").error().code, ErrorCode::kConflict);
    EXPECT_EQ(repo_->decide(s.id, "tech.a", "agreed", "entry", "", "", "t").error().code,
              ErrorCode::kConflict);
    EXPECT_EQ(version(s.id), 2);
}

TEST_F(TeamSessionStore, RemovingASessionDeletesItsParticipantsRatingsAndElements) {
    auto gone = open("123456");
    auto kept = open("222222");
    join_and_rate(gone.id, "tech.a", {"entry", "scaling", "not-sure"});
    join_and_rate(kept.id, "tech.a", {"developing"});
    ASSERT_EQ(rows("team_participants", gone.id), 3);
    ASSERT_EQ(rows("team_ratings", gone.id), 3);

    ASSERT_TRUE(repo_->remove(gone.id));
    EXPECT_EQ(repo_->find(gone.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(rows("team_participants", gone.id), 0);
    EXPECT_EQ(rows("team_ratings", gone.id), 0);
    EXPECT_EQ(rows("team_session_elements", gone.id), 0);
    EXPECT_EQ(repo_->participant("tok-" + std::to_string(gone.id) + "-0").error().code,
              ErrorCode::kNotFound);
    // Ratings are also gone by participant, not only by session.
    {
        auto lease = db_->lease().value();
        long long n = 0;
        lease.session() << "SELECT COUNT(*) FROM team_ratings", soci::into(n);
        EXPECT_EQ(n, 1);
    }
    EXPECT_EQ(rows("team_participants", kept.id), 1);
    EXPECT_EQ(rows("team_ratings", kept.id), 1);
    EXPECT_EQ(rows("team_session_elements", kept.id), 3);
}

// Issue 20: joins from one address are bounded in the join's transaction (other addresses and
// the facilitator, who has no address, are not counted); the largest group is reported.
TEST_F(TeamSessionStore, JoinsFromOneAddressStopAtTheBound) {
    auto s = open("123456");
    EXPECT_EQ(repo_->most_from_one_address(s.id).value(), 0);
    const JoinBounds bounds{500, 2};
    ASSERT_TRUE(repo_->join(s.id, {"tok-a1", "", "addr-a"}, bounds, "t"));
    ASSERT_TRUE(repo_->join(s.id, {"tok-a2", "", "addr-a"}, bounds, "t"));
    long long before = version(s.id);
    EXPECT_EQ(repo_->join(s.id, {"tok-a3", "", "addr-a"}, bounds, "t").error().code,
              ErrorCode::kRateLimited);
    EXPECT_EQ(version(s.id), before);  // refused without a trace
    ASSERT_TRUE(repo_->join(s.id, {"tok-b1", "", "addr-b"}, bounds, "t"));
    ASSERT_TRUE(repo_->join(s.id, {"tok-f", "Fay", ""}, bounds, "t"));
    ASSERT_TRUE(repo_->join(s.id, {"tok-f2", "", ""}, bounds, "t"));
    EXPECT_EQ(rows("team_participants", s.id), 5);
    EXPECT_EQ(repo_->most_from_one_address(s.id).value(), 2);
    // Another session counts its own.
    auto other = open("654321");
    EXPECT_TRUE(repo_->join(other.id, {"tok-o1", "", "addr-a"}, bounds, "t"));
}

// Removing a participant deletes their ratings with them and moves the version; only while open.
TEST_F(TeamSessionStore, RemovingAParticipantTakesTheirRatingsOutOfTheCounts) {
    auto s = open("123456");
    auto people = join_and_rate(s.id, "tech.a", {"entry", "scaling", "scaling", "scaling"});
    long long before = version(s.id);
    auto removed = repo_->remove_participant(s.id, people[0].number).value();
    EXPECT_EQ(removed.id, people[0].id);
    EXPECT_EQ(version(s.id), before + 1);
    auto counts = repo_->element_counts(s.id, "tech.a", true).value();
    EXPECT_EQ(counts.per_stage[0], 0u);
    EXPECT_EQ(counts.per_stage[2], 3u);
    EXPECT_EQ(counts.no_rating, 0u);
    EXPECT_EQ(rows("team_ratings", s.id), 3);
    EXPECT_EQ(repo_->participant("tok-" + std::to_string(s.id) + "-0").error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(repo_->remove_participant(s.id, people[0].number).error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(repo_->close(s.id, "t"));
    EXPECT_EQ(repo_->remove_participant(s.id, people[1].number).error().code, ErrorCode::kConflict);
}

// The housekeeping's view: open sessions opened before a time, oldest first; a close by it says
// why, a facilitator's does not.
TEST_F(TeamSessionStore, OpenSessionsBeforeATimeAndWhyOneClosed) {
    auto old = open("111111", "2026-01-01T00:00:00Z");
    auto older = open("222222", "2025-12-01T00:00:00Z");
    auto fresh = open("333333", "2026-03-01T00:00:00Z");
    EXPECT_EQ(repo_->open_before("2026-02-01T00:00:00Z").value(),
              (std::vector<long long>{older.id, old.id}));
    ASSERT_TRUE(repo_->close(old.id, "2026-02-01T00:00:00Z", "expired"));
    ASSERT_TRUE(repo_->close(older.id, "2026-02-01T00:00:00Z"));
    EXPECT_EQ(repo_->find(old.id)->closed_reason, "expired");
    EXPECT_EQ(repo_->find(older.id)->closed_reason, "");
    EXPECT_EQ(repo_->close(old.id, "t", "expired").error().code, ErrorCode::kConflict);
    EXPECT_TRUE(repo_->open_before("2026-02-01T00:00:00Z")->empty());
    EXPECT_EQ(repo_->find(fresh.id)->min_raters, 3);
}

}  // namespace cbe::store
