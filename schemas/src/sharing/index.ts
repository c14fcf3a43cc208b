/** A sharing group id: a lowercase slug such as `lv-jp-stratcom` (it is also the TAXII collection's alias). */
export const SHARING_GROUP_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
