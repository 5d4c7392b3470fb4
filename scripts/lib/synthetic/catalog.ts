/**
 * Synthetic names and merchants with Plaid personal-finance categories. Prices are in cents.
 * Nothing here is random; the generator draws from these lists with its seeded PRNG.
 */
import type { CATEGORY_PRIMARIES, PAYMENT_CHANNELS } from "../../../src/domain/dataset";

type CategoryPrimary = (typeof CATEGORY_PRIMARIES)[number];
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];

export interface Category {
  primary: CategoryPrimary;
  detailed: string;
}

const cat = (primary: CategoryPrimary, detail: string): Category => ({ primary, detailed: `${primary}_${detail}` });

export const CATEGORIES = {
  wages: cat("INCOME", "WAGES"),
  interestEarned: cat("INCOME", "INTEREST_EARNED"),
  dividends: cat("INCOME", "DIVIDENDS"),
  transferOutSavings: cat("TRANSFER_OUT", "SAVINGS"),
  transferInSavings: cat("TRANSFER_IN", "SAVINGS"),
  transferOutInvestment: cat("TRANSFER_OUT", "INVESTMENT_AND_RETIREMENT_FUNDS"),
  transferInInvestment: cat("TRANSFER_IN", "INVESTMENT_AND_RETIREMENT_FUNDS"),
  cardPayment: cat("LOAN_PAYMENTS", "CREDIT_CARD_PAYMENT"),
  studentLoanPayment: cat("LOAN_PAYMENTS", "STUDENT_LOAN_PAYMENT"),
  carPayment: cat("LOAN_PAYMENTS", "CAR_PAYMENT"),
  interestCharge: cat("BANK_FEES", "INTEREST_CHARGE"),
  rent: cat("RENT_AND_UTILITIES", "RENT"),
  electricity: cat("RENT_AND_UTILITIES", "GAS_AND_ELECTRICITY"),
  internet: cat("RENT_AND_UTILITIES", "INTERNET_AND_CABLE"),
  phone: cat("RENT_AND_UTILITIES", "TELEPHONE"),
  groceries: cat("FOOD_AND_DRINK", "GROCERIES"),
} as const;

export const FIRST_NAMES = [
  "Ava",
  "Liam",
  "Maya",
  "Noah",
  "Zoe",
  "Ethan",
  "Priya",
  "Mateo",
  "Chloe",
  "Omar",
  "Grace",
  "Lucas",
  "Aisha",
  "Leo",
  "Hannah",
  "Diego",
  "Nora",
  "Kai",
  "Sofia",
  "Jamal",
  "Ella",
  "Ravi",
  "Lily",
  "Marcus",
  "Yuki",
  "Samuel",
  "Amara",
  "Owen",
  "Isla",
  "Tariq",
  "Clara",
  "Felix",
  "Mei",
  "Jonah",
  "Lucia",
  "Andre",
  "Freya",
  "Hugo",
  "Nadia",
  "Elias",
] as const;

export const LAST_NAMES = [
  "Nguyen",
  "Garcia",
  "Okafor",
  "Smith",
  "Patel",
  "Kowalski",
  "Rossi",
  "Johnson",
  "Kim",
  "Silva",
  "Haddad",
  "Brown",
  "Tanaka",
  "Martin",
  "Osei",
  "Lopez",
  "Fischer",
  "Walker",
  "Novak",
  "Reyes",
  "Chen",
  "Murphy",
  "Ahmed",
  "Larsen",
  "Dubois",
  "Bennett",
  "Sato",
  "Moreau",
  "Hughes",
  "Alvarez",
] as const;

export const EMPLOYERS = [
  "ACME CORP PAYROLL",
  "GLOBEX CORP PAYROLL",
  "INITECH INC PAYROLL",
  "UMBRELLA HEALTH PAYROLL",
  "STARK INDUSTRIES PAYROLL",
  "WAYNE ENTERPRISES PAYROLL",
  "HOOLI INC PAYROLL",
  "CITY OF SPRINGFIELD PAYROLL",
  "NORTHWIND TRADERS PAYROLL",
  "CONTOSO LTD PAYROLL",
] as const;

export const GIG_PAYERS = ["UPWORK ESCROW PAYOUT", "FIVERR PAYOUT", "TOPTAL PAYOUT", "ETSY DEPOSIT", "FREELANCE CLIENT ACH"] as const;

export const STUDENT_LOAN_SERVICERS = ["NELNET", "MOHELA", "AIDVANTAGE"] as const;
export const AUTO_LENDERS = ["TOYOTA FINANCIAL", "ALLY AUTO", "HONDA FINANCIAL"] as const;

export interface Subscription {
  name: string;
  cents: number;
  category: Category;
}

/** Monthly subscriptions: same merchant, same price, same day each month. */
export const SUBSCRIPTIONS: readonly Subscription[] = [
  { name: "Netflix", cents: 1549, category: cat("ENTERTAINMENT", "TV_AND_MOVIES") },
  { name: "Hulu", cents: 1799, category: cat("ENTERTAINMENT", "TV_AND_MOVIES") },
  { name: "Disney+", cents: 1399, category: cat("ENTERTAINMENT", "TV_AND_MOVIES") },
  { name: "Max", cents: 1699, category: cat("ENTERTAINMENT", "TV_AND_MOVIES") },
  { name: "Paramount+", cents: 799, category: cat("ENTERTAINMENT", "TV_AND_MOVIES") },
  { name: "YouTube Premium", cents: 1399, category: cat("ENTERTAINMENT", "TV_AND_MOVIES") },
  { name: "Spotify", cents: 1199, category: cat("ENTERTAINMENT", "MUSIC_AND_AUDIO") },
  { name: "Apple Music", cents: 1099, category: cat("ENTERTAINMENT", "MUSIC_AND_AUDIO") },
  { name: "Audible", cents: 1495, category: cat("ENTERTAINMENT", "MUSIC_AND_AUDIO") },
  { name: "Xbox Game Pass", cents: 1699, category: cat("ENTERTAINMENT", "VIDEO_GAMES") },
  { name: "Planet Fitness", cents: 2499, category: cat("PERSONAL_CARE", "GYMS_AND_FITNESS_CENTERS") },
  { name: "Peloton", cents: 4400, category: cat("PERSONAL_CARE", "GYMS_AND_FITNESS_CENTERS") },
  { name: "Adobe Creative Cloud", cents: 2299, category: cat("GENERAL_SERVICES", "OTHER_GENERAL_SERVICES") },
  { name: "iCloud+", cents: 299, category: cat("GENERAL_SERVICES", "OTHER_GENERAL_SERVICES") },
  { name: "Dropbox", cents: 1199, category: cat("GENERAL_SERVICES", "OTHER_GENERAL_SERVICES") },
  { name: "ChatGPT Plus", cents: 2000, category: cat("GENERAL_SERVICES", "OTHER_GENERAL_SERVICES") },
  { name: "New York Times", cents: 1700, category: cat("GENERAL_MERCHANDISE", "BOOKSTORES_AND_NEWSSTANDS") },
  { name: "Amazon Prime", cents: 1499, category: cat("GENERAL_MERCHANDISE", "ONLINE_MARKETPLACES") },
];

/** Monthly bills at a fixed price. */
export const INTERNET_PROVIDERS: readonly Subscription[] = [
  { name: "Comcast Xfinity", cents: 7999, category: CATEGORIES.internet },
  { name: "Spectrum", cents: 6999, category: CATEGORIES.internet },
  { name: "Verizon Fios", cents: 6499, category: CATEGORIES.internet },
  { name: "AT&T Internet", cents: 5500, category: CATEGORIES.internet },
];
export const PHONE_CARRIERS: readonly Subscription[] = [
  { name: "Verizon Wireless", cents: 8500, category: CATEGORIES.phone },
  { name: "T-Mobile", cents: 7000, category: CATEGORIES.phone },
  { name: "AT&T Wireless", cents: 7500, category: CATEGORIES.phone },
  { name: "Mint Mobile", cents: 3000, category: CATEGORIES.phone },
];
/** Monthly bills whose amount varies with use. */
export const ELECTRIC_UTILITIES = ["Con Edison", "PG&E", "Duke Energy", "ComEd", "Georgia Power", "Xcel Energy"] as const;

export const GROCERS = ["Whole Foods Market", "Trader Joe's", "Kroger", "Safeway", "Publix", "Aldi", "H-E-B", "Wegmans"] as const;

/** How often a merchant is visited; every style's gaps avoid weekly and monthly cadences. */
export type VisitStyle = "frequent" | "regular" | "occasional";

export interface DiscretionaryMerchant {
  name: string;
  category: Category;
  channel: PaymentChannel;
  minCents: number;
  maxCents: number;
  style: VisitStyle;
  weight: number;
}

const m = (
  name: string,
  category: Category,
  channel: PaymentChannel,
  min: number,
  max: number,
  style: VisitStyle,
  weight = 1,
): DiscretionaryMerchant => ({ name, category, channel, minCents: min * 100, maxCents: max * 100, style, weight });

const coffee = cat("FOOD_AND_DRINK", "COFFEE");
const fastFood = cat("FOOD_AND_DRINK", "FAST_FOOD");
const restaurant = cat("FOOD_AND_DRINK", "RESTAURANT");
const gas = cat("TRANSPORTATION", "GAS");
const rides = cat("TRANSPORTATION", "TAXIS_AND_RIDE_SHARES");

export const DISCRETIONARY: readonly DiscretionaryMerchant[] = [
  m("Starbucks", coffee, "in store", 4, 9, "frequent", 3),
  m("Dunkin'", coffee, "in store", 3, 8, "frequent", 2),
  m("Blue Bottle Coffee", coffee, "in store", 5, 11, "regular"),
  m("McDonald's", fastFood, "in store", 7, 16, "regular", 2),
  m("Chipotle", fastFood, "in store", 10, 19, "regular", 2),
  m("Chick-fil-A", fastFood, "in store", 8, 17, "regular"),
  m("Taco Bell", fastFood, "in store", 7, 15, "regular"),
  m("Sweetgreen", fastFood, "in store", 12, 19, "regular"),
  m("Olive Garden", restaurant, "in store", 28, 85, "occasional"),
  m("The Cheesecake Factory", restaurant, "in store", 35, 110, "occasional"),
  m("Shake Shack", restaurant, "in store", 14, 35, "regular"),
  m("DoorDash", restaurant, "online", 18, 55, "frequent", 2),
  m("Uber Eats", restaurant, "online", 17, 50, "regular", 2),
  m("Shell", gas, "in store", 28, 70, "regular", 2),
  m("Chevron", gas, "in store", 30, 72, "regular"),
  m("ExxonMobil", gas, "in store", 27, 68, "regular"),
  m("Uber", rides, "online", 9, 38, "frequent", 2),
  m("Lyft", rides, "online", 9, 35, "regular"),
  m("Metro Transit", cat("TRANSPORTATION", "PUBLIC_TRANSIT"), "in store", 3, 33, "frequent"),
  m("Amazon", cat("GENERAL_MERCHANDISE", "ONLINE_MARKETPLACES"), "online", 12, 140, "frequent", 3),
  m("Target", cat("GENERAL_MERCHANDISE", "SUPERSTORES"), "in store", 15, 120, "regular", 2),
  m("Walmart", cat("GENERAL_MERCHANDISE", "SUPERSTORES"), "in store", 12, 110, "regular", 2),
  m("Costco", cat("GENERAL_MERCHANDISE", "SUPERSTORES"), "in store", 60, 240, "occasional"),
  m("Best Buy", cat("GENERAL_MERCHANDISE", "ELECTRONICS"), "in store", 40, 380, "occasional"),
  m("Uniqlo", cat("GENERAL_MERCHANDISE", "CLOTHING_AND_ACCESSORIES"), "in store", 25, 120, "occasional"),
  m("Old Navy", cat("GENERAL_MERCHANDISE", "CLOTHING_AND_ACCESSORIES"), "online", 20, 95, "occasional"),
  m("Petco", cat("GENERAL_MERCHANDISE", "PET_SUPPLIES"), "in store", 15, 80, "occasional"),
  m("Home Depot", cat("HOME_IMPROVEMENT", "HARDWARE"), "in store", 15, 220, "occasional"),
  m("IKEA", cat("HOME_IMPROVEMENT", "FURNITURE"), "in store", 30, 300, "occasional"),
  m("CVS Pharmacy", cat("MEDICAL", "PHARMACIES_AND_SUPPLEMENTS"), "in store", 6, 45, "regular", 2),
  m("Walgreens", cat("MEDICAL", "PHARMACIES_AND_SUPPLEMENTS"), "in store", 6, 40, "regular"),
  m("One Medical", cat("MEDICAL", "PRIMARY_CARE"), "online", 40, 160, "occasional"),
  m("Great Clips", cat("PERSONAL_CARE", "HAIR_AND_BEAUTY"), "in store", 18, 45, "occasional"),
  m("AMC Theatres", cat("ENTERTAINMENT", "TV_AND_MOVIES"), "in store", 12, 45, "occasional"),
  m("Ticketmaster", cat("ENTERTAINMENT", "SPORTING_EVENTS_AMUSEMENT_PARKS_AND_MUSEUMS"), "online", 45, 220, "occasional"),
  m("Steam", cat("ENTERTAINMENT", "VIDEO_GAMES"), "online", 5, 60, "occasional"),
  m("Total Wine", cat("FOOD_AND_DRINK", "BEER_WINE_AND_LIQUOR"), "in store", 15, 60, "occasional"),
  m("Delta Air Lines", cat("TRAVEL", "FLIGHTS"), "online", 150, 550, "occasional", 0.5),
  m("Airbnb", cat("TRAVEL", "LODGING"), "online", 120, 600, "occasional", 0.5),
  m("ParkMobile", cat("TRANSPORTATION", "PARKING"), "online", 3, 25, "regular"),
];
