// Name and mail-domain pools that the generator builds emails and social handles from (ASCII only, as in addresses).

/** Given names; capitalised as people write them in handles. */
export const FIRST_NAMES = [
  'Anna', 'Ben', 'Clara', 'David', 'Elena', 'Felix', 'Greta', 'Hannah', 'Ivan', 'Julia', 'Karim', 'Lena', 'Marco', 'Nina',
  'Oskar', 'Paula', 'Quentin', 'Rosa', 'Sven', 'Tara', 'Umar', 'Vera', 'Wei', 'Xenia', 'Yusuf', 'Zoe', 'Amelie', 'Bruno',
  'Chloe', 'Diego', 'Emma', 'Finn', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kai', 'Leonie', 'Mateo', 'Noah', 'Olivia', 'Priya',
  'Rafael', 'Sofia', 'Theo', 'Ulla', 'Valentin', 'Wanda', 'Yara', 'Aiko', 'Bilal', 'Carmen', 'Daniel', 'Esra', 'Fatima',
  'Georg', 'Hana', 'Isaac', 'Jana', 'Lukas', 'Maya', 'Nico', 'Omar', 'Pia', 'Ruth', 'Samuel', 'Tobias', 'Vincent', 'Jane',
] as const;

/** Family names. */
export const LAST_NAMES = [
  'Mueller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann', 'Schulz', 'Koch', 'Bauer',
  'Smith', 'Johnson', 'Brown', 'Garcia', 'Miller', 'Davis', 'Martinez', 'Lopez', 'Wilson', 'Taylor', 'Thomas', 'Moore',
  'Dubois', 'Martin', 'Bernard', 'Petit', 'Durand', 'Leroy', 'DeVries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Mulder',
  'Rossi', 'Russo', 'Ferrari', 'Kowalski', 'Nowak', 'Yilmaz', 'Kaya', 'Demir', 'Nguyen', 'Tran', 'Kim', 'Park', 'Chen',
  'Wang', 'Li', 'Singh', 'Patel', 'Sato', 'Suzuki', 'Tanaka', 'Silva', 'Santos', 'Oliveira', 'Novak', 'Horvat', 'Doe',
] as const;

/** Consumer mail providers for a person's main address, with cumulative weights (gmail dominates, as in reality). */
export const MAIN_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'gmx.de', 'web.de', 'hotmail.com', 't-online.de', 'proton.me'] as const;
export const MAIN_DOMAIN_WEIGHTS = [0.34, 0.48, 0.57, 0.66, 0.76, 0.85, 0.92, 0.97, 1] as const;

/** Domains for a second address (work or alternative provider); disjoint from MAIN_DOMAINS so the two never coincide. */
export const SECOND_DOMAINS = ['posteo.de', 'mailbox.org', 'fastmail.com', 'aol.com', 'me.com', 'acme-corp.example', 'globex.example', 'initech.example'] as const;
