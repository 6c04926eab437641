"""Word lists for the demo company: offices, names, departments, skills and interests."""

from __future__ import annotations

from dataclasses import dataclass


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(","))


@dataclass(frozen=True)
class Office:
    city: str
    timezone: str
    languages: tuple[str, ...]
    # Which name pools people in this office come from, with weights.
    pools: tuple[tuple[str, int], ...]


OFFICES = {
    office.city: office
    for office in [
        Office(
            "San Francisco",
            "America/Los_Angeles",
            ("en",),
            (("anglo", 5), ("es", 1), ("in", 2), ("cn", 1), ("kr", 1)),
        ),
        Office(
            "New York",
            "America/New_York",
            ("en",),
            (("anglo", 5), ("es", 1), ("ng", 1), ("in", 1), ("cn", 1)),
        ),
        Office("Toronto", "America/Toronto", ("en", "fr"), (("anglo", 4), ("fr", 1), ("in", 1))),
        Office("Mexico City", "America/Mexico_City", ("es", "en"), (("es", 1),)),
        Office("São Paulo", "America/Sao_Paulo", ("pt-br", "en"), (("br", 1),)),
        Office("London", "Europe/London", ("en",), (("anglo", 5), ("in", 1), ("ng", 1), ("pl", 1))),
        Office("Berlin", "Europe/Berlin", ("de", "en"), (("de", 5), ("anglo", 1), ("pl", 1))),
        Office("Amsterdam", "Europe/Amsterdam", ("nl", "en"), (("nl", 4), ("anglo", 1), ("de", 1))),
        Office("Paris", "Europe/Paris", ("fr", "en"), (("fr", 1),)),
        Office("Madrid", "Europe/Madrid", ("es", "en"), (("es", 1),)),
        Office("Warsaw", "Europe/Warsaw", ("pl", "en"), (("pl", 1),)),
        Office("Lagos", "Africa/Lagos", ("en",), (("ng", 1),)),
        Office("Nairobi", "Africa/Nairobi", ("en", "sw"), (("ke", 1),)),
        Office("Bengaluru", "Asia/Kolkata", ("en", "hi"), (("in", 1),)),
        Office("Tokyo", "Asia/Tokyo", ("ja", "en"), (("jp", 1),)),
        Office("Sydney", "Australia/Sydney", ("en",), (("anglo", 4), ("cn", 1), ("in", 1))),
    ]
}

# Name pools: (home language, first names, last names).
NAME_POOLS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "anglo": (
        "en",
        _words(
            "James, Olivia, Liam, Emma, Noah, Ava, Ethan, Sophie, Lucas, Grace, Henry, "
            "Chloe, Jack, Hannah, Oliver, Megan, Samuel, Ruby, Daniel, Zoe, Michael, "
            "Laura, Ryan, Isla, Nathan, Abigail, Owen, Ellie, Caleb, Maya, Marcus, Tessa"
        ),
        _words(
            "Smith, Johnson, Brown, Taylor, Wilson, Davies, Evans, Thomas, Roberts, "
            "Walker, Wright, Thompson, White, Hughes, Edwards, Green, Hall, Wood, Harris, "
            "Clarke, Mitchell, Campbell, Murphy, Bennett, Parker, Cooper, Reed, Foster, "
            "Hayes, Brooks, Sullivan, Kelly"
        ),
    ),
    "es": (
        "es",
        _words(
            "Lucía, Mateo, Sofía, Diego, Valentina, Alejandro, Camila, Javier, Elena, "
            "Pablo, Carmen, Andrés, Isabel, Miguel, Paula, Santiago, Daniela, Carlos, "
            "Marta, Luis, Ximena, Rodrigo, Gabriela, Emilio"
        ),
        _words(
            "García, Martínez, López, Hernández, González, Rodríguez, Sánchez, Ramírez, "
            "Torres, Flores, Morales, Jiménez, Ruiz, Díaz, Moreno, Castillo, Ortega, "
            "Vargas, Romero, Navarro, Herrera, Medina"
        ),
    ),
    "br": (
        "pt-br",
        _words(
            "João, Ana, Pedro, Beatriz, Gabriel, Mariana, Rafael, Juliana, Thiago, "
            "Larissa, Felipe, Camila, Bruno, Fernanda, Gustavo, Letícia, Vinícius, "
            "Isabela, Matheus, Carolina, Leonardo, Renata"
        ),
        _words(
            "Silva, Santos, Oliveira, Souza, Costa, Pereira, Almeida, Ferreira, Rodrigues, "
            "Lima, Carvalho, Ribeiro, Gomes, Martins, Araújo, Barbosa, Rocha, Cardoso, "
            "Teixeira, Monteiro"
        ),
    ),
    "de": (
        "de",
        _words(
            "Jonas, Lena, Felix, Anna, Maximilian, Lea, Paul, Hannah, Leon, Laura, Finn, "
            "Marie, Tobias, Katharina, Niklas, Sophie, Julian, Johanna, Moritz, Clara, "
            "Sebastian, Miriam"
        ),
        _words(
            "Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, "
            "Hoffmann, Koch, Richter, Klein, Wolf, Neumann, Schwarz, Zimmermann, Braun, "
            "Krüger, Hartmann, Lange, Vogel"
        ),
    ),
    "nl": (
        "nl",
        _words(
            "Daan, Emma, Sem, Julia, Lars, Sanne, Bram, Fleur, Thijs, Lotte, Ruben, Eva, "
            "Jesse, Noor, Stijn, Anouk, Milan, Iris"
        ),
        _words(
            "de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Visser, Smit, "
            "Meijer, de Boer, Mulder, de Groot, Bos, Vos, Peters, Hendriks, Dekker, "
            "Brouwer"
        ),
    ),
    "fr": (
        "fr",
        _words(
            "Camille, Louis, Chloé, Hugo, Léa, Arthur, Manon, Jules, Inès, Théo, Juliette, "
            "Gabriel, Alice, Raphaël, Margaux, Antoine, Élodie, Nicolas, Pauline, Mathieu, "
            "Amélie, Lucas"
        ),
        _words(
            "Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, "
            "Moreau, Simon, Laurent, Lefebvre, Michel, Fontaine, Rousseau, Girard, Bonnet, "
            "Dupont, Lambert, Mercier, Faure"
        ),
    ),
    "pl": (
        "pl",
        _words(
            "Jakub, Zofia, Kacper, Julia, Szymon, Maja, Filip, Zuzanna, Mikołaj, Hanna, "
            "Wojciech, Aleksandra, Bartosz, Natalia, Tomasz, Agnieszka, Piotr, Magdalena, "
            "Krzysztof, Katarzyna"
        ),
        _words(
            "Nowak, Wójcik, Mazur, Krawczyk, Kaczmarek, Zając, Król, Wieczorek, Adamczyk, "
            "Dudek, Pawlak, Walczak, Sikora, Baran, Michalak, Szewczyk, Wróbel"
        ),
    ),
    "ng": (
        "en",
        _words(
            "Chinedu, Amara, Emeka, Ngozi, Tunde, Funmilayo, Ifeanyi, Adaeze, Olumide, "
            "Chiamaka, Segun, Folake, Obinna, Yetunde, Kelechi, Bisola"
        ),
        _words(
            "Okafor, Adeyemi, Eze, Okonkwo, Balogun, Nwosu, Adebayo, Obi, Ogunleye, "
            "Chukwu, Afolabi, Nnamdi, Bello, Okeke, Oyelaran, Uche"
        ),
    ),
    "ke": (
        "sw",
        _words(
            "Wanjiru, Kamau, Achieng, Otieno, Njeri, Mwangi, Akinyi, Kiprono, Wambui, "
            "Omondi, Nyambura, Kipchoge, Atieno, Mutua"
        ),
        _words(
            "Kariuki, Odhiambo, Njoroge, Wekesa, Kimani, Ochieng, Chebet, Kiplagat, "
            "Wafula, Nyaga, Owino, Mutiso, Kilonzo"
        ),
    ),
    "in": (
        "hi",
        _words(
            "Aarav, Priya, Arjun, Ananya, Rohan, Kavya, Vikram, Isha, Aditya, Sneha, "
            "Karthik, Meera, Rahul, Divya, Siddharth, Pooja, Nikhil, Lakshmi, Varun, "
            "Aditi, Harsh, Nandini"
        ),
        _words(
            "Sharma, Iyer, Patel, Reddy, Nair, Gupta, Menon, Rao, Krishnan, Verma, Joshi, "
            "Kulkarni, Mehta, Pillai, Bhat, Desai, Chatterjee, Banerjee, Srinivasan, "
            "Kapoor"
        ),
    ),
    "jp": (
        "ja",
        _words(
            "Haruto, Yui, Sota, Hina, Ren, Aoi, Yuto, Sakura, Kaito, Mio, Takumi, Rina, "
            "Daiki, Yuna, Kenta, Ayaka, Shota, Misaki"
        ),
        _words(
            "Sato, Suzuki, Takahashi, Tanaka, Watanabe, Ito, Yamamoto, Nakamura, "
            "Kobayashi, Kato, Yoshida, Yamada, Sasaki, Matsumoto, Inoue, Kimura"
        ),
    ),
    "cn": (
        "zh-hans",
        ("Wei", "Mei", "Jun", "Xin", "Li", "Yan", "Hao", "Lin", "Jia", "Chen"),
        ("Chen", "Wang", "Zhang", "Liu", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun"),
    ),
    "kr": (
        "ko",
        ("Min-jun", "Ji-woo", "Seo-yeon", "Hyun-woo", "Ji-ho", "Soo-ah", "Do-yun", "Ha-eun"),
        ("Kim", "Park", "Lee", "Choi", "Jung", "Kang", "Yoon", "Han"),
    ),
}

# Languages some people picked up along the way.
SECOND_LANGUAGES = ("es", "fr", "de", "pt-br", "ja", "it", "nl")


@dataclass(frozen=True)
class Team:
    name: str
    offices: tuple[str, ...]


@dataclass(frozen=True)
class Department:
    name: str
    vp_title: str
    areas: tuple[str, ...]  # one per director
    managers_per_director: int
    teams: tuple[Team, ...]  # one per manager
    ics: int
    manager_title: str  # format string with {team}
    tracks: tuple[str, ...]  # individual-contributor job families
    skills: tuple[str, ...]
    work: str  # what people here spend their days on, for bios


DEPARTMENTS = (
    Department(
        "Engineering",
        "VP of Engineering",
        ("Platform Engineering", "Product Engineering", "Infrastructure"),
        3,
        (
            Team("Identity", ("Berlin", "Warsaw")),
            Team("Payments", ("San Francisco", "Toronto")),
            Team("Integrations", ("Bengaluru",)),
            Team("Web", ("San Francisco", "Amsterdam")),
            Team("Mobile", ("São Paulo", "Toronto")),
            Team("Search", ("Berlin", "Bengaluru")),
            Team("Reliability", ("Warsaw", "Sydney")),
            Team("Cloud Infrastructure", ("San Francisco", "Bengaluru")),
            Team("Developer Experience", ("Berlin", "Amsterdam")),
        ),
        78,
        "Engineering Manager, {team}",
        _words(
            "Software Engineer, Backend Engineer, Frontend Engineer, Mobile Engineer, "
            "Site Reliability Engineer, QA Engineer"
        ),
        _words(
            "Python, Go, TypeScript, React, System design, Kubernetes, PostgreSQL, "
            "Code review, Testing, Incident response, API design, Performance tuning"
        ),
        "building and running the product",
    ),
    Department(
        "Product",
        "VP of Product",
        ("Product Management",),
        3,
        (
            Team("Growth", ("San Francisco", "London")),
            Team("Collaboration", ("Berlin", "Madrid")),
            Team("Platform Products", ("New York", "Toronto")),
        ),
        16,
        "Group Product Manager, {team}",
        ("Product Manager",),
        _words(
            "Product discovery, Roadmapping, User research, Prioritization, "
            "Product analytics, Writing specs, Pricing, Stakeholder management"
        ),
        "deciding what we build next and why",
    ),
    Department(
        "Design",
        "VP of Design",
        ("Design",),
        2,
        (
            Team("Product Design", ("San Francisco", "Amsterdam", "Tokyo")),
            Team("Brand & Content Design", ("London", "Paris")),
        ),
        12,
        "Design Manager, {team}",
        ("Product Designer", "UX Researcher", "Content Designer"),
        _words(
            "Interaction design, Figma, Design systems, User research, Prototyping, "
            "Accessibility, Visual design, UX writing"
        ),
        "making the product clear and kind to use",
    ),
    Department(
        "Sales",
        "VP of Sales",
        ("Sales, Americas", "Sales, EMEA & APAC"),
        2,
        (
            Team("North America", ("New York", "Toronto")),
            Team("Latin America", ("São Paulo", "Mexico City")),
            Team("EMEA", ("London", "Paris", "Madrid")),
            Team("APAC", ("Tokyo", "Sydney")),
        ),
        36,
        "Sales Manager, {team}",
        ("Account Executive", "Sales Development Representative", "Sales Engineer"),
        _words(
            "Negotiation, Discovery calls, Forecasting, Salesforce, Solution selling, "
            "Closing, Account planning, Cold outreach"
        ),
        "helping customers find out whether Northwind fits them",
    ),
    Department(
        "Marketing",
        "VP of Marketing",
        ("Growth Marketing",),
        3,
        (
            Team("Product Marketing", ("New York", "London")),
            Team("Demand Generation", ("New York", "Berlin")),
            Team("Content & Community", ("London", "Sydney")),
        ),
        17,
        "Marketing Manager, {team}",
        ("Product Marketing Manager", "Content Marketer", "Growth Marketer", "Community Manager"),
        _words(
            "Copywriting, SEO, Campaign planning, Positioning, Events, "
            "Marketing analytics, Social media, Brand strategy"
        ),
        "telling the world what Northwind does",
    ),
    Department(
        "Customer Success",
        "VP of Customer Success",
        ("Customer Success", "Support"),
        2,
        (
            Team("Enterprise Success", ("New York", "London")),
            Team("Onboarding", ("Toronto", "Lagos")),
            Team("Support Americas", ("Mexico City", "São Paulo", "Toronto")),
            Team("Support EMEA & APAC", ("Lagos", "Nairobi", "Warsaw", "Bengaluru")),
        ),
        28,
        "Manager, {team}",
        ("Customer Success Manager", "Support Engineer", "Onboarding Specialist"),
        _words(
            "Customer onboarding, Escalation handling, Renewals, Troubleshooting, "
            "Difficult conversations, Zendesk, Writing help articles, Account health"
        ),
        "making sure customers succeed with what they bought",
    ),
    Department(
        "People",
        "VP of People",
        ("People Operations",),
        2,
        (
            Team("Talent Acquisition", ("London", "Bengaluru", "New York")),
            Team("People Programs", ("Bengaluru", "London")),
        ),
        11,
        "Manager, {team}",
        ("Recruiter", "People Partner", "Learning Specialist", "People Operations Specialist"),
        _words(
            "Interviewing, Employment law basics, Coaching, Facilitation, Compensation, "
            "Onboarding design, Conflict resolution, Workday"
        ),
        "hiring, growing and looking after the people here",
    ),
    Department(
        "Finance",
        "VP of Finance",
        ("Finance",),
        2,
        (Team("FP&A", ("New York", "London")), Team("Accounting", ("Warsaw", "Toronto"))),
        11,
        "Manager, {team}",
        ("Financial Analyst", "Accountant", "Payroll Specialist"),
        _words(
            "Financial modeling, Excel, Budgeting, Revenue recognition, Audit, "
            "Forecasting, SQL, Procurement"
        ),
        "keeping the numbers honest",
    ),
    Department(
        "Data",
        "VP of Data",
        ("Analytics & Data Science",),
        3,
        (
            Team("Analytics", ("Amsterdam", "São Paulo")),
            Team("Data Engineering", ("Bengaluru", "Warsaw")),
            Team("Machine Learning", ("San Francisco", "Tokyo")),
        ),
        20,
        "Manager, {team}",
        ("Data Analyst", "Data Engineer", "Data Scientist", "Machine Learning Engineer"),
        _words(
            "SQL, Python, Statistics, Machine learning, dbt, Data visualization, "
            "Experiment design, Spark"
        ),
        "turning data into decisions",
    ),
    Department(
        "Security",
        "VP of Security",
        ("Security Engineering",),
        2,
        (
            Team("Application Security", ("Berlin", "Toronto")),
            Team("Security Operations", ("Nairobi", "Sydney", "Warsaw")),
        ),
        10,
        "Security Engineering Manager, {team}",
        ("Security Engineer", "Security Analyst"),
        _words(
            "Threat modeling, Secure code review, Incident response, Cloud security, "
            "Penetration testing, SOC 2 compliance, Identity and access, Phishing defense"
        ),
        "keeping customers' data safe",
    ),
)

# Skills anyone can offer or want, whatever their department.
COMMON_SKILLS = _words(
    "Public speaking, Giving feedback, Career planning, Time management, Writing, "
    "Presenting to executives, Remote collaboration, Managing up, Work-life balance, "
    "Negotiation"
)
LEADER_SKILLS = ("People management", "Hiring", "Strategy", "Leading through change")
# Everyone below the CEO sits in one of the departments above, or in the CEO's office.
EXECUTIVE_SKILLS = ("Strategy", "Fundraising", "Board communication", "Hiring")

INTERESTS = _words(
    "Climbing, Photography, Open source, Board games, Running, Cooking, Jazz, Gardening, "
    "Chess, Cycling, Volunteering, Podcasts, Science fiction, Hiking, Learning languages, "
    "Woodworking, Yoga, Football, Sketching, Travel, Baking, Birdwatching, "
    "Inclusion at work, Sustainability, Parenting, Writing fiction"
)
