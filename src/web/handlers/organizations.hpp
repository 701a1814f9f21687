// What the organization handlers share with one another and with the assessment handlers:
// the organization page (shown again with an error after a refused change) and the audit
// events about an organization's assessments. Internal to web/handlers.
#pragma once

#include <string>

#include "store/assessment_repository.hpp"
#include "web/handlers/account_access.hpp"
#include "web/handlers/assessment_access.hpp"

namespace cbe::web::handlers {

// The page of the organization named by the path's {id}: 404 unless `who` is a member.
Response show_organization(const Site& site, const Request& request, const SignedIn& who,
                           const std::string& error, int status);

// "assessment 12 “Spring review”", for the audit log.
std::string assessment_name(const store::AssessmentRecord& record);
// A CSV or JSON download; audited (with whoever is signed in) when the assessment belongs to an
// organization.
Response audited_export(const Site& site, const Request& request,
                        const LoadedAssessment& assessment, bool csv);
// Audits a deletion (with whoever is signed in) when the assessment belonged to an organization.
void audit_deletion(const Site& site, const Request& request,
                    const store::AssessmentRecord& record);

// Changing roles, removing members, the audit log (members.cpp).
void add_members(Site& site, Router& router);

}  // namespace cbe::web::handlers
