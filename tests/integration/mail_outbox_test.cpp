// The outbox keeps mail in the database until it is sent: a mail survives a new outbox (a
// restart), a failed delivery is tried again after each wait of the schedule and then given up,
// a mail whose link expired is given up unsent, and a full outbox refuses more. The clock is
// frozen and moved by the test; the outbox's thread is not started, the test runs each round.
#include "service/mail_outbox.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "integration/fixtures.hpp"
#include "store/migrations.hpp"

namespace cbe::testing {

namespace {

namespace fs = std::filesystem;

// Counts its tries; fails while `failing` is set.
class FakeMailer : public service::Mailer {
  public:
    Result<void> send(const service::Mail& mail, const std::stop_token&) const override {
        ++tries;
        if (failing) return fail(ErrorCode::kUnavailable, "email.not-sent");
        sent.push_back(mail);
        return {};
    }
    mutable std::atomic<int> tries{0};
    mutable std::vector<service::Mail> sent;
    std::atomic<bool> failing{false};
};

class MailOutboxTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("cbe-outbox-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        db_ = store::Database::open_sqlite((dir_ / "roadmap.db").string(), 1).value();
        ASSERT_TRUE(store::migrate(*db_, std::string(CBE_SOURCE_DIR) + "/migrations/sqlite"));
    }
    void TearDown() override {
        db_.reset();
        fs::remove_all(dir_);
    }
    std::unique_ptr<service::MailOutbox> outbox(long long capacity = 100) {
        return std::make_unique<service::MailOutbox>(
            service::MailOutbox::Dependencies{std::make_shared<store::MailOutboxRepository>(db_),
                                              mailer_, clock_.clock(), capacity},
            false);
    }
    long long waiting() {
        auto lease = db_->lease().value();
        long long n = 0;
        lease.session() << "SELECT COUNT(*) FROM mail_outbox", soci::into(n);
        return n;
    }
    void advance(std::chrono::seconds s) { clock_.offset += s.count(); }

    static service::Mail invitation() {
        return {service::MailKind::kInvitation,
                "bob@example.org",
                "/invitations/abc",
                "Portland",
                "member",
                168};
    }

    fs::path dir_;
    std::shared_ptr<store::Database> db_;
    std::shared_ptr<FakeMailer> mailer_ = std::make_shared<FakeMailer>();
    FrozenClock clock_;
};

}  // namespace

TEST_F(MailOutboxTest, QueuedMailSurvivesANewOutboxAndIsSentOnce) {
    ASSERT_TRUE(outbox()->post(invitation()));  // that outbox ends before any try
    EXPECT_EQ(waiting(), 1);
    auto after_restart = outbox();
    EXPECT_EQ(after_restart->deliver_due(), 1u);
    ASSERT_EQ(mailer_->sent.size(), 1u);
    EXPECT_EQ(mailer_->sent[0].path, "/invitations/abc");
    EXPECT_EQ(mailer_->sent[0].organization, "Portland");
    EXPECT_EQ(waiting(), 0);
    EXPECT_EQ(after_restart->deliver_due(), 0u);
}

TEST_F(MailOutboxTest, AFailedDeliveryIsTriedAgainAfterEachWaitThenGivenUp) {
    mailer_->failing = true;
    auto box = outbox();
    ASSERT_TRUE(box->post(invitation()));
    EXPECT_EQ(box->deliver_due(), 1u);
    for (auto wait : service::kMailRetryWaits) {
        // Not before its wait is over…
        advance(wait - std::chrono::seconds(1));
        EXPECT_EQ(box->deliver_due(), 0u);
        EXPECT_EQ(waiting(), 1);
        // …and once it is.
        advance(std::chrono::seconds(1));
        EXPECT_EQ(box->deliver_due(), 1u);
    }
    EXPECT_EQ(mailer_->tries.load(), static_cast<int>(service::kMailRetryWaits.size()) + 1);
    EXPECT_EQ(waiting(), 0);  // given up
    advance(std::chrono::hours(24));
    EXPECT_EQ(box->deliver_due(), 0u);
}

TEST_F(MailOutboxTest, AMailServerBackInTimeGetsTheMail) {
    mailer_->failing = true;
    auto box = outbox();
    ASSERT_TRUE(box->post(invitation()));
    EXPECT_EQ(box->deliver_due(), 1u);
    mailer_->failing = false;
    advance(service::kMailRetryWaits[0]);
    EXPECT_EQ(box->deliver_due(), 1u);
    EXPECT_EQ(mailer_->sent.size(), 1u);
    EXPECT_EQ(waiting(), 0);
}

TEST_F(MailOutboxTest, AMailWhoseLinkExpiredIsGivenUpUnsent) {
    mailer_->failing = true;
    auto box = outbox();
    ASSERT_TRUE(box->post(
        {service::MailKind::kPasswordReset, "ada@example.org", "/password-reset/abc", "", "", 1}));
    EXPECT_EQ(box->deliver_due(), 1u);
    advance(std::chrono::hours(1));
    EXPECT_EQ(box->deliver_due(), 0u);
    EXPECT_EQ(mailer_->tries.load(), 1);
    EXPECT_EQ(waiting(), 0);
}

TEST_F(MailOutboxTest, AFullOutboxRefusesMore) {
    auto box = outbox(2);
    EXPECT_TRUE(box->post(invitation()));
    EXPECT_TRUE(box->post(invitation()));
    EXPECT_FALSE(box->post(invitation()));
    EXPECT_EQ(waiting(), 2);
    EXPECT_EQ(box->deliver_due(), 2u);
    EXPECT_TRUE(box->post(invitation()));
}

}  // namespace cbe::testing
