//! Names for demo patients and clinicians: international, with diacritics and compound
//! family names, so search and layout meet what real clinics type.

pub(crate) const GIVEN: &[&str] = &[
    "Anna", "Maria", "Sofia", "Emma", "Olivia", "Mia", "Léa", "Chloé", "Zoë", "Hannah", "Lena",
    "Julia", "Laura", "Sara", "Nora", "Ingrid", "Astrid", "Freya", "Aoife", "Siobhán", "Niamh",
    "Isabella", "Lucía", "Martina", "Valentina", "Camila", "Ana", "Beatriz", "Inês", "Joana",
    "Aylin", "Elif", "Zeynep", "Fatima", "Amira", "Yasmin", "Layla", "Priya", "Ananya", "Meera",
    "Mei", "Yuki", "Hana", "Ji-woo", "Seo-yeon", "Linh", "Thảo", "Ngozi", "Amara", "Zanele",
    "Olga", "Katarzyna", "Zuzana", "Małgorzata", "Dorota", "Eszter", "Réka", "Ioana", "Elena",
    "Daniel", "Lukas", "Jonas", "Mateo", "Luca", "Omar", "Arjun", "Kenji", "Tomás", "Jakub",
];

pub(crate) const FAMILY: &[&str] = &[
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann",
    "Schäfer", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun",
    "Zimmermann", "Krüger", "Hartmann", "Lange", "Werner", "Krause", "Lehmann", "Köhler",
    "García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez",
    "Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Martin", "Bernard", "Dubois",
    "Moreau", "Lefèvre", "Fontaine", "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano",
    "Nowak", "Kowalska", "Wiśniewska", "Wójcik", "Novák", "Svobodová", "Nagy", "Kovács", "Popescu",
    "Yılmaz", "Kaya", "Demir", "Şahin", "Öztürk", "Nguyễn", "Trần", "Lê", "Kim", "Lee", "Park",
    "Choi", "Tanaka", "Suzuki", "Takahashi", "Watanabe", "Wang", "Li", "Zhang", "Chen", "Patel",
    "Sharma", "Singh", "Gupta", "O'Brien", "O'Connor", "Murphy", "Walsh", "Smith", "Jones",
    "Williams", "Taylor", "Davies", "Evans", "Okafor", "Adeyemi", "Mensah", "Dlamini", "Haddad",
    "van der Berg", "de Vries", "van Dijk", "Jansen", "Bakker", "Visser", "Andersson", "Johansson",
    "Karlsson", "Nilsson", "Larsen", "Hansen", "Jensen", "Nielsen", "Virtanen", "Korhonen",
];

pub(crate) const CLINICIANS: &[&str] = &[
    "Dr. Imani Okafor", "Dr. Sofia Navarro", "Dr. Lukas Brandt", "Dr. Priya Raman",
    "Dr. Hana Sato", "Dr. Élodie Marchand", "Dr. Tomasz Wiśniewski", "Dr. Aoife Gallagher",
];
