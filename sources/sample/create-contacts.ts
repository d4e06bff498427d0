// A person's contact records (CRM export, shop customer list, sign-up form) with the noise real master data has, drawn from the contacts stream.
import type { Prng } from '../../shared/prng.js';
import type { Person } from './create-person.js';
import type { Country } from './phone-numbers.js';

/** One row of contacts.csv, as written (undefined is an empty field). */
export interface ContactRow {
  readonly first_name?: string;
  readonly last_name?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly date_of_birth?: string;
  readonly street?: string;
  readonly city?: string;
  readonly postcode?: string;
  readonly country?: string;
  readonly updated_at: string;
}

/** Nicknames people give a CRM or a sign-up form instead of their given name. */
const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  Daniel: ['Dan', 'Danny'], Samuel: ['Sam'], Tobias: ['Tobi'], Lukas: ['Luke'], Elena: ['Ellie', 'Lena'], Olivia: ['Liv'],
  Isaac: ['Ike'], Jonas: ['Joe'], Rafael: ['Rafa'], Sofia: ['Sophie'], Valentin: ['Vali'], Hannah: ['Hanna'], David: ['Dave'],
  Benjamin: ['Ben'], Amelie: ['Amy'], Georg: ['George'], Vincent: ['Vince'], Nico: ['Nick'], Julia: ['Jule'], Felix: ['Fee'],
};

/** Cities by country, with the first digits of their postcodes (the rest is drawn). */
const CITIES: Readonly<Record<Country, readonly (readonly [city: string, postcode: (rng: Prng) => string])[]>> = {
  DE: [['Berlin', (r) => `1${digits(r, 4)}`], ['Hamburg', (r) => `2${digits(r, 4)}`], ['München', (r) => `8${digits(r, 4)}`]],
  AT: [['Wien', (r) => `1${digits(r, 1)}${digits(r, 1)}0`], ['Graz', (r) => `80${digits(r, 2)}`]],
  GB: [['London', (r) => `N${1 + r.int(20)} ${1 + r.int(9)}${letters(r, 2)}`], ['Manchester', (r) => `M${1 + r.int(40)} ${1 + r.int(9)}${letters(r, 2)}`]],
  US: [['New York', (r) => `100${digits(r, 2)}`], ['Chicago', (r) => `606${digits(r, 2)}`], ['Los Angeles', (r) => `900${digits(r, 2)}`]],
  FR: [['Paris', (r) => `750${digits(r, 2)}`], ['Lyon', (r) => `6900${1 + r.int(9)}`]],
  NL: [['Amsterdam', (r) => `10${digits(r, 2)} ${letters(r, 2)}`], ['Utrecht', (r) => `35${digits(r, 2)} ${letters(r, 2)}`]],
};
const STREETS = ['High Street', 'Station Road', 'Hauptstraße', 'Bahnhofstraße', 'Rue de la Paix', 'Main Street', 'Kerkstraat', 'Mill Lane', 'Gartenweg', 'Oak Avenue'];
const HOUSEHOLD_DOMAINS = ['gmx.de', 'web.de', 'outlook.com', 'gmail.com'];

function digits(rng: Prng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(10));
  return s;
}
function letters(rng: Prng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(65 + rng.int(26));
  return s;
}

/** One keyboard slip: a letter dropped, doubled, replaced or two swapped (never the first letter, as people rarely miss it). */
export function typo(text: string, rng: Prng): string {
  if (text.length < 3) return text;
  const i = 1 + rng.int(text.length - 2);
  switch (rng.int(4)) {
    case 0: return text.slice(0, i) + text.slice(i + 1);
    case 1: return text.slice(0, i) + text[i] + text.slice(i);
    case 2: return text.slice(0, i) + String.fromCharCode(97 + rng.int(26)) + text.slice(i + 1);
    default: return text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
  }
}

interface Address { readonly street: string; readonly city: string; readonly postcode: string; readonly country: Country }

function drawAddress(country: Country, rng: Prng): Address {
  const [city, postcode] = rng.pick(CITIES[country]);
  return { street: `${rng.pick(STREETS)} ${1 + rng.int(120)}`, city, postcode: postcode(rng), country };
}

/** The parts of the sample a person's contacts need besides the person. */
export interface ContactContext {
  readonly endMs: number;
  /** The address a household shares, for the person's household (persons 2k and 2k+1 form one). */
  readonly householdEmailOf: (index: number) => string;
}

/**
 * Half the persons have contact records: one, sometimes two or three (a CRM export and a shop list that both know
 * them). Facts (date of birth, addresses) are drawn once per person, then each record is written with noise:
 * nicknames, typos in names and emails, first and last name swapped, missing fields, an old address after a move,
 * a household's shared email, a date of birth with a typed digit wrong.
 *
 * @example createContacts(person, context, new Prng(mixSeed(seed, 'contacts', person.index)))
 */
export function createContacts(person: Person, context: ContactContext, rng: Prng): ContactRow[] {
  if (!rng.chance(0.5)) return [];
  const count = rng.chance(0.4) ? (rng.chance(0.25) ? 3 : 2) : 1;
  const country: Country = person.phone?.country ?? rng.pick(['DE', 'US', 'GB', 'FR', 'NL', 'AT'] as const);
  const born = Date.UTC(1950, 0, 1) + rng.int(50 * 365) * 86_400_000;
  const dob = new Date(born).toISOString().slice(0, 10);
  const home = drawAddress(country, rng);
  const moved = rng.chance(0.2) ? drawAddress(country, rng) : null;
  const rows: ContactRow[] = [];
  for (let k = 0; k < count; k++) {
    let first = person.first;
    let last = person.last;
    const nick = NICKNAMES[first];
    if (nick && rng.chance(0.3)) first = rng.pick(nick);
    if (rng.chance(0.08)) first = typo(first, rng);
    if (rng.chance(0.08)) last = typo(last, rng);
    if (rng.chance(0.04)) [first, last] = [last, first];
    let email: string | undefined = rng.pick(person.emails);
    if (rng.chance(0.06)) email = context.householdEmailOf(person.index);
    else if (rng.chance(0.08)) email = typo(email.split('@')[0]!, rng) + '@' + email.split('@')[1];
    if (rng.chance(0.25)) email = undefined;
    const phone = person.phone && rng.chance(0.5) ? `+${person.phone.callingCode} ${person.phone.national}` : undefined;
    let birth: string | undefined = dob;
    if (rng.chance(0.04)) birth = typoDate(dob, rng);
    if (rng.chance(0.15)) birth = undefined;
    const address = moved && rng.chance(0.5) ? moved : home;
    const at = person.acquiredAt + rng.next() * (context.endMs - person.acquiredAt);
    rows.push({
      ...(rng.chance(0.03) ? {} : { first_name: first }),
      ...(rng.chance(0.03) ? {} : { last_name: last }),
      ...(email === undefined ? {} : { email }),
      ...(phone === undefined ? {} : { phone }),
      ...(birth === undefined ? {} : { date_of_birth: birth }),
      ...(rng.chance(0.1) ? {} : { street: address.street }),
      ...(rng.chance(0.05) ? {} : { city: address.city }),
      ...(rng.chance(0.1) ? {} : { postcode: address.postcode }),
      ...(rng.chance(0.05) ? {} : { country: address.country }),
      updated_at: new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    });
  }
  return rows;
}

/** A date of birth with day and month digits swapped or one digit of the day mistyped, still a real date. */
function typoDate(dob: string, rng: Prng): string {
  const [y, m, d] = dob.split('-') as [string, string, string];
  if (Number(d) <= 12 && d !== m && rng.chance(0.5)) return `${y}-${d}-${m}`;
  const day = Number(d);
  const other = day >= 20 ? day - 10 : day + 10;
  return `${y}-${m}-${String(Math.min(other, 28)).padStart(2, '0')}`;
}

/** The email a household (persons 2k and 2k+1) shares, unique per household by the even person's tag. */
export function householdEmail(tagOfEven: string): string {
  return `family${tagOfEven}@${HOUSEHOLD_DOMAINS[Number(tagOfEven) % HOUSEHOLD_DOMAINS.length]}`;
}

/** contacts.csv's header and one row as a CSV line (the generator writes no comma, quote or newline in a value). */
export const CONTACTS_HEADER = 'contact_id,first_name,last_name,email,phone,date_of_birth,street,city,postcode,country,updated_at';
export function contactLine(contactId: string, r: ContactRow): string {
  return [contactId, r.first_name, r.last_name, r.email, r.phone, r.date_of_birth, r.street, r.city, r.postcode, r.country, r.updated_at]
    .map((v) => v ?? '').join(',');
}
