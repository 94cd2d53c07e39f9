/**
 * @module eval/gen/words
 * Word lists for realistic generated values (user names, slugs, tenant and
 * role names, file names). Hand-written here so the evaluation does not
 * depend on anything the classifier was trained on.
 */

export const FIRST_NAMES =
  `james mary robert patricia john jennifer michael linda david elizabeth william barbara richard susan joseph jessica thomas sarah charles karen christopher lisa daniel nancy matthew betty anthony margaret mark sandra donald ashley steven kimberly paul emily andrew donna joshua michelle kenneth carol kevin amanda brian dorothy george melissa timothy deborah ronald stephanie edward rebecca jason sharon jeffrey laura ryan cynthia jacob kathleen gary amy nicholas angela eric shirley jonathan anna stephen brenda larry pamela justin emma scott nicole brandon helen benjamin samantha samuel katherine gregory christine alexander debra frank rachel patrick carolyn raymond janet jack catherine dennis maria jerry heather tyler diane aaron ruth jose julie adam olivia nathan joyce henry virginia zachary victoria douglas kelly peter lauren kyle christina noah joan ethan evelyn jeremy judith walter megan christian andrea keith cheryl roger hannah terry jacqueline austin martha sean gloria gerald teresa carl ann harold sara dylan madison arthur frances lawrence kathryn jordan janice jesse jean bryan abigail billy alice bruce judy gabriel sophia joe grace logan denise albert amber willie doris alan marilyn eugene danielle russell beverly vincent isabella wayne theresa roy diana ralph natalie bobby brittany johnny charlotte bradley marie philip kayla aiden alexis mateo yuki hiroshi sven ingrid priya arjun wei mei olu amara chidi fatima omar leila dmitri olga pierre chloe giulia marco`.split(
    /\s+/,
  );

export const LAST_NAMES =
  `smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers long ross foster jimenez tanaka suzuki mueller schmidt rossi dubois novak kowalski ivanov okafor mensah singh`.split(
    /\s+/,
  );

export const WORDS =
  `apple river stone cloud forest garden light shadow silver golden ocean mountain valley summer winter autumn spring morning evening night star moon sun rain snow wind fire water earth paper glass metal wood iron copper crystal dream story journey bridge castle tower village city harbor island desert meadow field orchard market kitchen library museum theater studio office factory farm bakery coffee tea bread honey sugar salt pepper lemon orange cherry berry grape melon peach plum olive tomato potato carrot onion garlic basil mint thyme rose lily tulip daisy maple oak pine cedar willow birch falcon eagle raven sparrow otter fox wolf bear tiger lion zebra panda koala dolphin whale shark turtle rabbit horse pony sheep goat llama quick bright calm brave clever gentle happy lucky proud quiet rapid smooth sharp soft swift tiny vast warm wild young ancient modern simple secret hidden lost open free first final north south east west central upper lower inner outer blue green red yellow purple black white pink brown gray amber azure coral indigo ivory jade ruby scarlet teal violet alpha beta gamma delta omega nova pixel vector matrix signal echo pulse orbit rocket planet comet galaxy nebula quantum photon circuit engine rover pilot captain ranger hunter builder maker writer painter singer dancer player keeper seeker`.split(
    /\s+/,
  );

export const FILE_EXTS = ["pdf", "png", "jpg", "csv", "txt", "json", "zip", "docx", "xlsx", "mp4", "gif", "md"];

export const COUNTRIES =
  `US GB DE FR ES IT NL BE SE NO DK FI PL AT CH IE PT CZ GR HU RO BG HR SK SI LT LV EE JP CN KR IN SG HK AU NZ CA MX BR AR CL CO ZA NG KE EG AE SA IL TR`.split(
    /\s+/,
  );

export const CURRENCIES = `usd eur gbp jpy cad aud chf sek nok dkk pln czk huf inr sgd hkd nzd mxn brl zar`.split(
  /\s+/,
);

/** Body field names; each route gets a few, deterministically. */
export const FIELD_NAMES =
  `name email description title amount currency quantity price status type notes address city country postal_code phone metadata tags enabled active priority url image_url redirect_uri username password first_name last_name display_name locale timezone start_date end_date expires_at reason comment label color size category source destination limit interval count value key secret scope role permissions members owner parent_id customer_id account_id order_id product_id items`.split(
    /\s+/,
  );
