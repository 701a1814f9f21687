#include "service/assessment_service.hpp"

#include <algorithm>

#include "assessment/school_year.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"

namespace cbe::service {

std::string assessment_name(const store::AssessmentRecord& record) {
    return "assessment " + std::to_string(record.id) +
           (record.label.empty() ? "" : " “" + record.label + "”");
}

Result<StartedAssessment> AssessmentService::start(std::string_view audience_id,
                                                   std::string_view label_in, const Caller& caller,
                                                   std::string_view school_year_in) const {
    auto roadmap = d_.content->current();
    const content::Audience* audience = roadmap->audience(std::string(audience_id));
    if (!audience) return fail(ErrorCode::kInvalidInput, "assessment.audience-missing");
    auto label = assessment::validate_label(label_in);
    if (!label) return tl::unexpected(label.error());
    auto school_year = assessment::validate_school_year(school_year_in);
    if (!school_year) return tl::unexpected(school_year.error());
    if (auto ok = d_.limits->attempt("new-assessment:" + caller.address, d_.free_new_assessments,
                                     kNewAssessmentWindow);
        !ok) {
        return tl::unexpected(ok.error());
    }
    std::string token = crypto::new_token();
    auto created = d_.assessments->create(crypto::token_hash(token), audience->id, *label,
                                          roadmap->version, iso8601(d_.clock()), *school_year);
    if (!created) return tl::unexpected(created.error());
    return StartedAssessment{std::move(token), audience->element_ids.front()};
}

Result<OpenedAssessment> AssessmentService::opened(std::string token,
                                                   store::AssessmentRecord record,
                                                   bool with_answers) const {
    auto roadmap = d_.content->version(record.content_version);
    if (!roadmap) return tl::unexpected(roadmap.error());
    const content::Audience* audience = (*roadmap)->audience(record.audience);
    if (!audience) return fail(ErrorCode::kInternal, "unknown audience " + record.audience);
    OpenedAssessment out;
    out.token = std::move(token);
    out.record = std::move(record);
    out.roadmap = *roadmap;
    out.audience = audience;
    if (out.record.organization_id != 0) {
        auto holder = d_.organizations->find(out.record.organization_id);
        if (!holder) return tl::unexpected(holder.error());
        out.organization_name = holder->name;
    }
    if (with_answers) {
        if (auto ok = load_answers(out); !ok) return tl::unexpected(ok.error());
    }
    return out;
}

Result<OpenedAssessment> AssessmentService::open_shared(long long assessment_id) const {
    auto record = d_.assessments->find_by_id(assessment_id);
    if (!record) return tl::unexpected(record.error());
    return opened("", std::move(*record), true);
}

Result<OpenedAssessment> AssessmentService::open(std::string_view token, bool with_answers) const {
    if (!crypto::looks_like_token(token)) return fail(ErrorCode::kNotFound, "assessment.not-found");
    auto record = d_.assessments->find(crypto::token_hash(token));
    if (!record) {
        if (record.error().code == ErrorCode::kNotFound) {
            return fail(ErrorCode::kNotFound, "assessment.not-found");
        }
        return tl::unexpected(record.error());
    }
    return opened(std::string(token), std::move(*record), with_answers);
}

Result<OpenedAssessment> AssessmentService::open_pasted(std::string_view token,
                                                        const Caller& caller) const {
    const std::string misses = "link-miss:" + caller.address;
    if (auto ok = d_.limits->may_guess(misses, kFreeLinkMisses, kLinkMissWindow); !ok) {
        return tl::unexpected(ok.error());
    }
    auto opened = open(token, false);
    if (!opened && opened.error().code == ErrorCode::kNotFound) d_.limits->fail(misses);
    return opened;
}

Result<void> AssessmentService::load_answers(OpenedAssessment& assessment) const {
    auto answers = d_.assessments->answers(assessment.record.id);
    if (!answers) return tl::unexpected(answers.error());
    auto flags = d_.assessments->flags(assessment.record.id);
    if (!flags) return tl::unexpected(flags.error());
    assessment.answers = std::move(*answers);
    assessment.flags = std::move(*flags);
    return {};
}

Result<OpenedAssessment> AssessmentService::open_in_organization(long long organization_id,
                                                                 long long assessment_id,
                                                                 const SignedIn& who,
                                                                 access::Action action) const {
    auto role = d_.organization_service->role_allowing(organization_id, who.user.id, action);
    if (!role) return tl::unexpected(role.error());
    auto record = d_.assessments->find_by_id(assessment_id);
    if (!record) return tl::unexpected(record.error());
    if (record->organization_id != organization_id) {
        return fail(ErrorCode::kNotFound, "error.not-found");
    }
    return opened("", std::move(*record), true);
}

Result<std::vector<RememberedAssessment>> AssessmentService::remembered(
    const std::vector<std::string>& tokens) const {
    std::vector<RememberedAssessment> out;
    for (const auto& token : tokens) {
        if (!crypto::looks_like_token(token)) continue;
        auto record = d_.assessments->find(crypto::token_hash(token));
        if (!record) {
            if (record.error().code == ErrorCode::kNotFound) continue;
            return tl::unexpected(record.error());
        }
        RememberedAssessment item{token, std::move(*record), nullptr, ""};
        if (auto roadmap = d_.content->version(item.record.content_version)) {
            item.audience = (*roadmap)->audience(item.record.audience);
        }
        if (item.record.organization_id != 0) {
            auto holder = d_.organizations->find(item.record.organization_id);
            if (!holder) return tl::unexpected(holder.error());
            item.organization_name = holder->name;
        }
        out.push_back(std::move(item));
    }
    return out;
}

Result<std::vector<OrganizationAssessments>> AssessmentService::in_organizations(
    const SignedIn& who) const {
    auto memberships = d_.organizations->memberships_of(who.user.id);
    if (!memberships) return tl::unexpected(memberships.error());
    std::vector<OrganizationAssessments> out;
    for (const auto& m : *memberships) {
        if (!access::allowed(m.role, access::Action::kViewOrganization)) continue;
        auto held = d_.organizations->assessments(m.organization.id);
        if (!held) return tl::unexpected(held.error());
        out.push_back({m.organization, std::move(*held)});
    }
    return out;
}

Result<void> AssessmentService::save_answer(const OpenedAssessment& assessment,
                                            const std::string& element_id, std::string_view choice,
                                            std::string_view note) const {
    // The organization holding it decides what its old private link may still do.
    if (!assessment.editable()) return fail(ErrorCode::kForbidden, "assessment.read-only");
    auto answer = assessment::validate_answer(*assessment.audience, element_id, choice, note);
    if (!answer) return tl::unexpected(answer.error());
    return d_.assessments->save_answer(assessment.record.id, *answer, iso8601(d_.clock()));
}

Result<StepSaved> AssessmentService::save_step(const OpenedAssessment& assessment,
                                               const std::string& element_id,
                                               std::string_view choice, std::string_view note,
                                               bool flag) const {
    if (!flag && !choice.empty()) {
        if (auto saved = save_answer(assessment, element_id, choice, note); !saved) {
            return tl::unexpected(saved.error());
        }
        return StepSaved::kAnswered;
    }
    auto checked = assessment::validate_flag(*assessment.audience, element_id, note);
    if (!checked) return tl::unexpected(checked.error());
    StepSaved outcome = StepSaved::kFlagged;
    if (!flag) {
        auto flags = d_.assessments->flags(assessment.record.id);
        if (!flags) return tl::unexpected(flags.error());
        if (!assessment::find_flag(*flags, element_id)) {
            if (text::trim(note).empty()) return StepSaved::kSkipped;
            outcome = StepSaved::kNoteKeptAsFlag;
        }
    }
    // Moving on without answering changes nothing; a flag is a change (see save_answer).
    if (!assessment.editable()) return fail(ErrorCode::kForbidden, "assessment.read-only");
    if (auto saved = d_.assessments->save_flag(assessment.record.id, *checked, iso8601(d_.clock()));
        !saved) {
        return tl::unexpected(saved.error());
    }
    return outcome;
}

Result<void> AssessmentService::clear_step(const OpenedAssessment& assessment,
                                           const std::string& element_id) const {
    if (!assessment.editable()) return fail(ErrorCode::kForbidden, "assessment.read-only");
    const auto& path = assessment.audience->element_ids;
    if (std::find(path.begin(), path.end(), element_id) == path.end()) {
        return fail(ErrorCode::kNotFound, "answer.element-not-on-pathway");
    }
    auto cleared =
        d_.assessments->clear_step(assessment.record.id, element_id, iso8601(d_.clock()));
    if (!cleared) return tl::unexpected(cleared.error());
    return {};
}

Result<void> AssessmentService::set_school_year(const OpenedAssessment& assessment,
                                                std::string_view school_year) const {
    if (!assessment.editable()) return fail(ErrorCode::kForbidden, "assessment.read-only");
    auto year = assessment::validate_school_year(school_year);
    if (!year) return tl::unexpected(year.error());
    return d_.assessments->set_school_year(assessment.record.id, *year, iso8601(d_.clock()));
}

Result<void> AssessmentService::may_remove_by_link(const OpenedAssessment& assessment) const {
    if (assessment.record.organization_id != 0) {
        return fail(ErrorCode::kForbidden, "assessment.held-by-organization");
    }
    return {};
}

Result<void> AssessmentService::remove_by_link(const OpenedAssessment& assessment) const {
    if (auto may = may_remove_by_link(assessment); !may) return may;
    return d_.assessments->remove(assessment.record.id);
}

Result<std::vector<store::MembershipRecord>> AssessmentService::move_targets(
    const OpenedAssessment& assessment, const SignedIn& who) const {
    long long from = assessment.record.organization_id;
    // The same rule as move(): out of an organization only by one of its owners.
    if (from != 0 && !d_.organization_service->role_allowing(from, who.user.id,
                                                             access::Action::kDeleteAssessment)) {
        return std::vector<store::MembershipRecord>{};
    }
    auto targets = d_.organization_service->move_targets(who);
    if (!targets) return targets;
    std::erase_if(*targets, [&](const auto& m) { return m.organization.id == from; });
    return targets;
}

Result<void> AssessmentService::remove_in_organization(const OpenedAssessment& assessment,
                                                       const SignedIn& who,
                                                       const Caller& caller) const {
    auto role = d_.organization_service->role_allowing(
        assessment.record.organization_id, who.user.id, access::Action::kDeleteAssessment);
    if (!role) return tl::unexpected(role.error());
    if (auto removed = d_.assessments->remove(assessment.record.id); !removed) return removed;
    d_.auditor->record(AuditEvent::kAssessmentDeleted, who.user.id,
                       assessment_name(assessment.record), caller.address,
                       assessment.record.organization_id);
    return {};
}

Result<void> AssessmentService::move(const OpenedAssessment& assessment, long long organization_id,
                                     const SignedIn& who, const Caller& caller) const {
    auto role = d_.organization_service->role_allowing(organization_id, who.user.id,
                                                       access::Action::kAddAssessment);
    if (!role) return tl::unexpected(role.error());
    long long from = assessment.record.organization_id;
    if (from == organization_id) return {};
    // Held by an organization, only its owners move it out (its delete right is theirs); the
    // store checks that, and the role above, in the statement that moves it, so a role lowered
    // since the check above still refuses.
    auto moved = d_.organizations->move_assessment(assessment.record.id, from, organization_id,
                                                   who.user.id, iso8601(d_.clock()));
    if (!moved) {
        if (moved.error().code == ErrorCode::kConflict ||
            moved.error().code == ErrorCode::kForbidden) {
            return tl::unexpected(Error{moved.error().code, "assessment.moved-already"});
        }
        return tl::unexpected(moved.error());
    }
    std::string name = assessment_name(assessment.record);
    // Each side's entry names the other organization.
    d_.auditor->record(AuditEvent::kAssessmentMoved, who.user.id,
                       from == 0 ? name : name + " from organization " + std::to_string(from),
                       caller.address, organization_id);
    if (from != 0) {
        d_.auditor->record(
            AuditEvent::kAssessmentMovedOut, who.user.id,
            name + " to organization " + std::to_string(organization_id) +
                (*moved > 0 ? "; revoked its " + std::to_string(*moved) + " share link(s)" : ""),
            caller.address, from);
    }
    return {};
}

Result<void> AssessmentService::set_link_access(const OpenedAssessment& assessment,
                                                std::string_view link_access, const SignedIn& who,
                                                const Caller& caller) const {
    auto role = d_.organization_service->role_allowing(assessment.record.organization_id,
                                                       who.user.id, access::Action::kSetLinkAccess);
    if (!role) return tl::unexpected(role.error());
    if (link_access != "edit" && link_access != "read" && link_access != "off") {
        return fail(ErrorCode::kInvalidInput, "assessment.link-access-unknown");
    }
    if (!assessment.record.link_ended_at.empty()) {
        return fail(ErrorCode::kConflict, "assessment.link-ended");
    }
    std::string value(link_access);
    if (value == "off") {
        // The hash of a fresh token that is never shown: no link opens it any more.
        auto ended = d_.assessments->end_private_link(
            assessment.record.id, crypto::token_hash(crypto::new_token()), iso8601(d_.clock()));
        if (!ended) return ended;
    } else if (auto set = d_.assessments->set_link_access(assessment.record.id, value); !set) {
        return set;
    }
    d_.auditor->record(AuditEvent::kLinkAccessChanged, who.user.id,
                       assessment_name(assessment.record) + ": the private link " +
                           (value == "edit"   ? "may change answers"
                            : value == "read" ? "may only read"
                                              : "was ended for good"),
                       caller.address, assessment.record.organization_id);
    return {};
}

void AssessmentService::audit_export(const OpenedAssessment& assessment, long long user_id,
                                     std::string_view how, const Caller& caller) const {
    // One that belongs to no organization is nobody's but its link holder's: not logged.
    if (assessment.record.organization_id == 0) return;
    d_.auditor->record(AuditEvent::kExport, user_id,
                       assessment_name(assessment.record) + std::string(how), caller.address,
                       assessment.record.organization_id);
}

}  // namespace cbe::service
