#include "service/services.hpp"

#include <spdlog/spdlog.h>

#include "store/account_repository.hpp"
#include "store/assessment_repository.hpp"
#include "store/content_snapshots.hpp"
#include "store/mail_outbox_repository.hpp"
#include "store/organization_repository.hpp"
#include "store/password_reset_repository.hpp"
#include "store/plan_repository.hpp"
#include "store/share_link_repository.hpp"
#include "store/team_session_repository.hpp"

namespace cbe::service {

Result<ServiceSet> compose(const Settings& s) {
    auto snapshots = std::make_shared<store::ContentSnapshots>(s.database);
    const auto& roadmap = *s.roadmap;
    auto replaced =
        snapshots->save(roadmap.version, roadmap.fingerprint, roadmap.files, iso8601(s.clock()));
    if (!replaced) return tl::unexpected(replaced.error());
    if (*replaced) {
        spdlog::warn(
            "content {} changed since it was first served: bump its version so older "
            "assessments keep their text",
            roadmap.version);
    }
    auto accounts = std::make_shared<store::AccountRepository>(s.database);
    auto organizations = std::make_shared<store::OrganizationRepository>(s.database);
    auto assessments =
        std::make_shared<store::AssessmentRepository>(s.database, kAnswerHistoryPerElement);
    auto auditor = std::make_shared<const Auditor>(accounts, s.clock);
    auto limits = std::make_shared<const RateLimit>(accounts, s.clock);
    auto hasher = s.hasher ? s.hasher
                           : std::make_shared<const PasswordHasher>(
                                 s.password_cost, s.hashing_concurrency, s.hashing_queue);
    ServiceSet out;
    out.content = std::make_shared<ContentLibrary>(s.roadmap, snapshots);
    out.notifier = s.notifier ? s.notifier : std::make_shared<InProcessNotifier>();
    out.hasher = hasher;
    auto resets = std::make_shared<store::PasswordResetRepository>(s.database);
    out.accounts = std::make_shared<AccountService>(
        AccountService::Dependencies{accounts, organizations, hasher, auditor, limits, s.clock,
                                     s.sign_up_open, s.sign_ups_per_address});
    auto outbox = s.outbox;
    if (!outbox && s.mailer) {
        outbox = std::make_shared<MailOutbox>(MailOutbox::Dependencies{
            std::make_shared<store::MailOutboxRepository>(s.database), s.mailer, s.clock});
    }
    out.password_resets = std::make_shared<PasswordResetService>(PasswordResetService::Dependencies{
        accounts, resets, hasher, auditor, limits, outbox, s.clock});
    auto sessions = std::make_shared<store::TeamSessionRepository>(s.database);
    out.organizations = std::make_shared<OrganizationService>(
        OrganizationService::Dependencies{accounts, organizations, sessions, auditor, s.clock,
                                          s.organizations_by_anyone, limits, outbox});
    out.assessments = std::make_shared<AssessmentService>(
        AssessmentService::Dependencies{assessments, organizations, out.content, out.organizations,
                                        auditor, limits, s.clock, s.new_assessments_per_address});
    auto plans = std::make_shared<store::PlanRepository>(s.database);
    out.sessions = std::make_shared<TeamSessionService>(
        TeamSessionService::Dependencies{sessions, plans, out.organizations, out.content, auditor,
                                         limits, out.notifier, s.clock, s.session_limits});
    out.history = std::make_shared<HistoryService>(HistoryService::Dependencies{
        out.organizations, organizations, assessments, sessions, out.content});
    auto shares = std::make_shared<store::ShareLinkRepository>(s.database);
    out.plans = std::make_shared<PlanService>(
        PlanService::Dependencies{plans, shares, organizations, out.assessments, out.sessions,
                                  out.organizations, out.content, auditor, s.clock, limits});
    out.housekeeping = std::make_shared<Housekeeping>(
        Housekeeping::Dependencies{accounts, organizations, resets, shares, s.clock, out.sessions});
    return out;
}

}  // namespace cbe::service
