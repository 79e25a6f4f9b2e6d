"""The project's own terms, as an rdflib ``DefinedNamespace``.

A typo is an ``AttributeError``, not a silent new IRI. The terms are defined in
``ontology/orggraph.ttl``; everything else comes from W3C ORG, OWL-Time, PROV-O,
SKOS, FOAF and DCTERMS as rdflib ships them.

Examples
--------
>>> from orggraph.vocab import OG
>>> OG.post
rdflib.term.URIRef('https://w3id.org/orggraph/ns#post')
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

#: Base IRI of the bundled Birmingham dataset; data files use IRIs relative to it.
BIRMINGHAM_BASE = "https://w3id.org/orggraph/id/birmingham/"


class OG(DefinedNamespace):
    """orggraph ontology: what ORG, OWL-Time, PROV, SKOS and FOAF lack."""

    _NS = Namespace("https://w3id.org/orggraph/ns#")
    _fail = True

    # classes
    SourceDocument: URIRef
    StatutoryRole: URIRef
    AppointmentKind: URIRef
    BodyKind: URIRef
    Review: URIRef

    # properties
    post: URIRef
    appointment: URIRef
    cameFrom: URIRef
    bodyKind: URIRef
    party: URIRef
    oversees: URIRef
    abolishes: URIRef
    creates: URIRef
    singleHolder: URIRef
    recommended: URIRef

    # published staff data (organograms, Popolo)
    grade: URIRef
    payFloor: URIRef
    payCeiling: URIRef
    fte: URIRef
    profession: URIRef
    vacantOn: URIRef
    holderWithheldOn: URIRef
    onBehalfOf: URIRef

    # concept schemes
    BodyKinds: URIRef
    AppointmentKinds: URIRef

    # appointment kinds
    acting: URIRef
    interim: URIRef
    substantive: URIRef

    # statutory roles
    section151Officer: URIRef
    headOfPaidService: URIRef
    monitoringOfficer: URIRef

    # kinds of body
    council: URIRef
    directorate: URIRef
    leadershipTeam: URIRef
    cabinet: URIRef
    politicalGroup: URIRef
    politicalParty: URIRef
    scrutinyCommittee: URIRef
    independentPanel: URIRef
    governmentDepartment: URIRef
    combinedAuthority: URIRef
    pensionFund: URIRef
    charity: URIRef
    partner: URIRef
    programme: URIRef
    publicBody: URIRef
    company: URIRef
