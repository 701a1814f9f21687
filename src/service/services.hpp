// The use cases of one process, built from explicit dependencies in one place. The composition
// root (cli serve, and the tests' running server) calls compose(); route groups receive only
// the services they use.
#pragma once

#include <memory>

#include "content/model.hpp"
#include "core/clock.hpp"
#include "core/password.hpp"
#include "core/result.hpp"
#include "service/account_service.hpp"
#include "service/assessment_service.hpp"
#include "service/content_library.hpp"
#include "service/history_service.hpp"
#include "service/housekeeping.hpp"
#include "service/notifier.hpp"
#include "service/organization_service.hpp"
#include "service/password_reset_service.hpp"
#include "service/plan_service.hpp"
#include "service/team_session_service.hpp"
#include "store/database.hpp"

namespace cbe::service {

struct ServiceSet {
    std::shared_ptr<ContentLibrary> content;
    std::shared_ptr<AccountService> accounts;
    std::shared_ptr<OrganizationService> organizations;
    std::shared_ptr<AssessmentService> assessments;
    std::shared_ptr<TeamSessionService> sessions;
    std::shared_ptr<HistoryService> history;
    std::shared_ptr<PlanService> plans;
    std::shared_ptr<Notifier> notifier;
    std::shared_ptr<const PasswordHasher> hasher;
    std::shared_ptr<PasswordResetService> password_resets;
    std::shared_ptr<Housekeeping> housekeeping;  // run on a schedule by `roadmap serve`
};

struct Settings {
    std::shared_ptr<store::Database> database;
    content::RoadmapPtr roadmap;
    Clock clock = system_clock();
    crypto::PasswordCost password_cost = crypto::interactive_cost();
    bool sign_up_open = true;
    // Password hashes at once, and waiting (docs/security.md): beyond, 503 at once.
    size_t hashing_concurrency = 1;
    size_t hashing_queue = 16;
    int sign_ups_per_address = 20;
    int new_assessments_per_address = 60;
    SessionLimits session_limits;
    // Shared across content reloads, so a reload does not lose subscribers or hashing limits.
    std::shared_ptr<const PasswordHasher> hasher;
    std::shared_ptr<Notifier> notifier;
    // Anyone signed in may create organizations (else only operators).
    bool organizations_by_anyone = true;
    // Email (null: not configured): password resets and invitations go through the outbox
    // (made from the mailer when not given), off the request threads.
    std::shared_ptr<const Mailer> mailer;
    std::shared_ptr<MailOutbox> outbox;
};

// Keeps the content version's files (so assessments made with it render with it later) and
// builds every service. A warning is logged when the version's files changed since it was first
// served without a new version number.
[[nodiscard]] Result<ServiceSet> compose(const Settings& settings);

}  // namespace cbe::service
